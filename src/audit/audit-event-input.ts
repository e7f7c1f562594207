/** Who acted, and from where: the same for every event one request or command records. */
export interface AuditActor {
  /** admin:<credential id>, client:<client_id>, user:<user id>, cli, or ip:<address>. */
  actor: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export interface AuditEventInput extends AuditActor {
  type: string;
  subject?: string | null;
  /** What changed, by field name; never a secret (secret-looking keys are redacted anyway). */
  details?: Record<string, unknown>;
}

export interface AuditEventQuery {
  /** An exact type, or an area such as `security.*`. */
  type?: string;
  actor?: string;
  subject?: string;
  from?: Date;
  to?: Date;
  offset?: number;
  limit?: number;
}

/** The actor of the command line: there is no request. */
export const CLI_ACTOR: AuditActor = { actor: 'cli', ip: null, requestId: null };
