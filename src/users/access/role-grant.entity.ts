import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A role granted to one user or to one group (and so to its members and its subgroups' members). */
@Entity('role_grants')
export class RoleGrant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  roleId: string;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'uuid', nullable: true })
  groupId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
