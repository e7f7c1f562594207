import type { JSONWebKeySet } from 'jose';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * An external issuer whose signed JWTs this server accepts as authorization grants (RFC 7523
 * §2.1), and how their subjects map to local users.
 */
@Entity('trusted_issuers')
export class TrustedIssuer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The exact iss of its assertions. */
  @Column({ type: 'varchar', length: 255 })
  issuer: string;

  /** Its public keys inline, or (exclusively) where to fetch them. */
  @Column({ type: 'jsonb', nullable: true })
  jwks: JSONWebKeySet | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  jwksUri: string | null;

  /** What an assertion's aud must contain one of; empty: the token endpoint URL or the issuer. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  allowedAudiences: string[];

  /** How sub (or another claim) finds the local user; see subject-mapping.ts. */
  @Column({ type: 'varchar', length: 80, default: 'sub_is_user_id' })
  subjectMapping: string;

  /** The most a token obtained with its assertions may hold (within the client's allowed scopes). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  allowedScopes: string[];

  /** The clients that may present its assertions; empty: every client registered for the grant. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  allowedClientIds: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
