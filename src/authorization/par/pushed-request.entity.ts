import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PurgeRule } from '../../database/purge-rule';
import { INTERACTION_TTL_SECONDS } from '../../interaction/store/interaction-lifetime';
import type { ParameterRecord } from '../request/request-parameters';

/** A pushed authorization request (RFC 9126 §2), waiting for the one authorization made from it to answer. */
@Entity('pushed_authorization_requests')
@Index('pushed_authorization_requests_expires_at_idx', ['expiresAt'])
export class PushedRequest {
  /** SHA-256 (hex) of the random part of the request_uri: the reference itself is never stored. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  referenceHash: string;

  @Column({ type: 'varchar', length: 128 })
  clientId: string;

  /** The authorization request parameters, as validated at the PAR endpoint (a request object's, when one was sent). */
  @Column({ type: 'jsonb' })
  parameters: ParameterRecord;

  /** The parameters came from a verified request object (RFC 9101), for require_signed_request_object. */
  @Column({ type: 'boolean', default: false })
  fromRequestObject: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}

/**
 * What of this table the cleanup job deletes (src/cleanup/purge-rules.ts). Pushed authorization
 * requests (RFC 9126) past their minute and past the lifetime of an interaction started from one
 * within it, which uses it up when it answers the client.
 */
export const PUSHED_REQUESTS_PURGE: PurgeRule = {
  table: 'pushed_authorization_requests',
  expired: `t.expires_at < now() - interval '${INTERACTION_TTL_SECONDS} seconds'`,
};
