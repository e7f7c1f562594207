import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ResourceTokenFormat = 'opaque' | 'jwt';

/**
 * A resource server an administrator defined (an API resource): what clients name in RFC 8707
 * `resource`, and the settings of the access tokens issued for it. Its scopes are those whose
 * scopes.api_resource_id names it.
 */
@Entity('api_resources')
export class ApiResource {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** RFC 8707 §2: an absolute URI without a fragment; the `aud` of the tokens issued for it. */
  @Column({ type: 'text' })
  identifier: string;

  /** Shown to users on the consent page, above the resource's scopes. */
  @Column({ type: 'varchar', length: 200 })
  displayName: string;

  /** Null: the client's access_token_format. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  accessTokenFormat: ResourceTokenFormat | null;

  /** Seconds; null: the client's (or the server's) access token lifetime. */
  @Column({ type: 'integer', nullable: true })
  accessTokenTtl: number | null;

  /** The client the resource server authenticates with at the introspection endpoint; null: it does not introspect. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  introspectionClientId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
