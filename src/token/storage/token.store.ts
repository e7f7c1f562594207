import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GroupCommit } from '../../database/group-commit';
import { failedForItsValues } from '../../database/postgres-errors';
import { preparedQuery } from '../../database/prepared-statement';
import type { TokenKind } from '../entities/token.entity';

export interface NewTokenRow {
  tokenHash: string;
  kind: TokenKind;
  grantId: string | null;
  clientId: string;
  userId: string | null;
  scope: string[];
  /** RFC 8707: the resources an access token is for (its aud); empty: this server. */
  audience: readonly string[];
  expiresAt: Date;
  /** RFC 9449 §6.1: the DPoP key thumbprint the token is bound to; null for a bearer token. */
  dpopJkt: string | null;
}

/** Few enough that a burst queues (and is then written together), enough that a lone request never waits. */
const WRITES_IN_FLIGHT = 2;
const ROWS_PER_STATEMENT = 200;

// One column array per parameter, so one prepared statement serves any number of rows. A scope
// travels space-joined (a text[][] would need rows of equal length): RFC 6749 §3.3 scope tokens
// have no spaces, and string_to_array('', ' ') is the empty array, as an empty scope should be.
// The audience too: resource indicators are URIs, which have no spaces (isResourceIdentifier).
const INSERT = `INSERT INTO tokens (token_hash, kind, grant_id, client_id, user_id, scope, audience, expires_at, dpop_jkt)
  SELECT token_hash, kind, grant_id, client_id, user_id, string_to_array(scope, ' '), string_to_array(audience, ' '),
         expires_at, dpop_jkt
    FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::text[],
                $8::timestamptz[], $9::text[])
      AS r (token_hash, kind, grant_id, client_id, user_id, scope, audience, expires_at, dpop_jkt)`;

/**
 * Writes opaque tokens, the token endpoint's only write on most grants. Every token of one response
 * goes in one statement, and under load the tokens of concurrent responses share it (GroupCommit):
 * insert() resolves only once its rows are committed, so no token is handed out before it is stored.
 */
@Injectable()
export class TokenStore {
  private readonly commits: GroupCommit<NewTokenRow>;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.commits = new GroupCommit({
      write: (rows) => this.write(rows),
      maxInFlight: WRITES_IN_FLIGHT,
      maxBatch: ROWS_PER_STATEMENT,
      // A client deleted meanwhile fails its own rows (foreign key), not those of other clients.
      isolatable: failedForItsValues,
    });
  }

  async insert(rows: NewTokenRow[]): Promise<void> {
    if (rows.length === 0) return;
    const unjoinable = rows.find((r) => [...r.scope, ...r.audience].some((s) => s === '' || s.includes(' ')));
    if (unjoinable)
      throw new Error(
        `scope ${JSON.stringify(unjoinable.scope)} or audience ${JSON.stringify(unjoinable.audience)} would not survive being space-joined`,
      );
    await this.commits.write(rows);
  }

  /** How many access and refresh tokens were issued in the last 24 hours (the console's dashboard). */
  async countIssuedLastDay(): Promise<number> {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS issued FROM tokens WHERE created_at > now() - interval '24 hours'`,
    )) as { issued: number }[];
    return row.issued;
  }

  private async write(rows: NewTokenRow[]): Promise<void> {
    await preparedQuery(this.db, 'token-insert', INSERT, [
      rows.map((r) => r.tokenHash),
      rows.map((r) => r.kind),
      rows.map((r) => r.grantId),
      rows.map((r) => r.clientId),
      rows.map((r) => r.userId),
      rows.map((r) => r.scope.join(' ')),
      rows.map((r) => r.audience.join(' ')),
      rows.map((r) => r.expiresAt),
      rows.map((r) => r.dpopJkt),
    ]);
  }
}
