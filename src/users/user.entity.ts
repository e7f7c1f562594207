import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface PostalAddress {
  formatted?: string;
  street_address?: string;
  locality?: string;
  region?: string;
  postal_code?: string;
  country?: string;
}

@Entity('users')
@Index('users_username_lower_key', { synchronize: false })
@Index('users_email_lower_key', { synchronize: false })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 255 })
  username: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  @Column({ type: 'boolean', default: false })
  emailVerified: boolean;

  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  givenName: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  familyName: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  middleName: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  nickname: string | null;

  /** OIDC Core §5.1 `profile`: the URL of the user's profile page. */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  profile: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  website: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  gender: string | null;

  /** YYYY-MM-DD, or YYYY (OIDC Core §5.1); 0000-MM-DD when the year is not shared. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  birthdate: string | null;

  /** An IANA time zone, e.g. Europe/Paris. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  zoneinfo: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  phoneNumber: string | null;

  @Column({ type: 'boolean', default: false })
  phoneNumberVerified: boolean;

  @Column({ type: 'jsonb', nullable: true })
  address: PostalAddress | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  picture: string | null;

  @Column({ type: 'varchar', length: 35, nullable: true })
  locale: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: string[];

  /** Created through self-registration (signup), not by an administrator or provisioning. */
  @Column({ type: 'boolean', default: false })
  selfRegistered: boolean;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /**
   * When the address last became another one: a change of address asked for before then does not
   * confirm. Written only by UsersService's statements, never read into the entity.
   */
  @Column({ type: 'timestamptz', nullable: true, select: false, insert: false, update: false })
  emailChangedAt?: Date | null;

  /** The provisioning system's id of the user (SCIM externalId). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  externalId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
