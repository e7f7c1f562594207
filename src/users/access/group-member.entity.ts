import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A user's direct membership of a group; the parents of that group count too (GroupsService). */
@Entity('group_members')
export class GroupMember {
  @PrimaryColumn({ type: 'uuid' })
  groupId: string;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
