import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { GroupCommit } from '../../database/group-commit';
import { failedForItsValues } from '../../database/postgres-errors';
import { preparedQuery } from '../../database/prepared-statement';
import { UsedJti } from './used-jti.entity';

/** One caller's identifier; `recorded` is set by the write that carried it. */
interface Claim {
  key: string;
  /** ISO 8601: Date.prototype.toISOString is quicker than pg's own formatting of a Date. */
  expiresAt: string;
  recorded: boolean;
}

// What Postgres cannot store as given: a lone surrogate (UTF-8) or NUL (text). SURROGATE is quicker to test.
const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A lone caller never waits; the callers that come while a statement runs share the next one.
 * One at a time rather than the TokenStore's two: with 16 callers at once, Postgres took as many
 * keys per second either way, and each key cost this process about a fifth less CPU (38 against
 * 48 µs) in statements of 8 keys instead of 5.
 */
const WRITES_IN_FLIGHT = 1;
const KEYS_PER_STATEMENT = 200;
const DEADLOCK_DETECTED = '40P01';

// One statement for any number of keys. The keys go in sorted, so concurrent statements (of other
// replicas, or of this one) take their row locks in the same order and cannot deadlock on each other.
// An expired row is taken over: the JWT that used it can no longer be accepted.
const CONSUME = `INSERT INTO used_jtis (key, expires_at)
  SELECT key, expires_at FROM unnest($1::text[], $2::timestamptz[]) AS c (key, expires_at) ORDER BY key
  ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE used_jtis.expires_at <= now()
  RETURNING key`;

/**
 * Single-use identifiers (RFC 7523 §3 jti, RFC 9449 §11.1 DPoP proof jti, passkey challenges),
 * shared by every replica through Postgres. The primary key makes "first one wins" atomic across
 * replicas; within one replica, identifiers consumed at once go out together (GroupCommit), each
 * caller learning whether its own was new once the statement holding it has committed.
 */
@Injectable()
export class UsedJtiStore {
  private readonly claims: GroupCommit<Claim>;

  constructor(@InjectRepository(UsedJti) private readonly usedJtis: Repository<UsedJti>) {
    this.claims = new GroupCommit({
      write: (claims) => this.record(claims),
      maxInFlight: WRITES_IN_FLIGHT,
      maxBatch: KEYS_PER_STATEMENT,
      // A key too long fails only its caller; a deadlock with the cleanup job's DELETE is retried
      // one caller per statement, where it cannot recur (one row lock each).
      isolatable: (error) => failedForItsValues(error) || sqlState(error) === DEADLOCK_DETECTED,
    });
  }

  /**
   * Records `key` as used until `expiresAt`; false when it was already used and is still
   * unexpired (a replay), or when another caller consumes the same key at the same moment
   * (exactly one of them gets true). An expired row is taken over, so no purge job is needed for
   * correctness. Resolves only once the key is committed: durable before the caller acts on it.
   */
  async consume(key: string, expiresAt: Date): Promise<boolean> {
    // Converted here, so that an invalid date fails its own caller only.
    const claim: Claim = { key: storable(key), expiresAt: expiresAt.toISOString(), recorded: false };
    await this.claims.write([claim]);
    return claim.recorded;
  }

  /** Housekeeping: drops identifiers whose JWTs have expired. */
  async purgeExpired(): Promise<number> {
    const result = await this.usedJtis.createQueryBuilder().delete().where('expires_at <= now()').execute();
    return result.affected ?? 0;
  }

  /**
   * One statement for a batch. A key twice in it goes in once, for its first caller: the others
   * are replays (and Postgres refuses a statement that would update one row twice).
   */
  private async record(claims: Claim[]): Promise<void> {
    const firstOfKey = new Map<string, Claim>();
    for (const claim of claims) {
      claim.recorded = false;
      if (!firstOfKey.has(claim.key)) firstOfKey.set(claim.key, claim);
    }
    const sent = [...firstOfKey.values()];
    const rows = await preparedQuery<{ key: string }>(this.usedJtis.manager.connection, 'used_jtis_consume', CONSUME, [
      sent.map((c) => c.key),
      sent.map((c) => c.expiresAt),
    ]);
    for (const row of rows) {
      // Always found (storable()); were one not, its caller would be refused, not let through.
      const claim = firstOfKey.get(row.key);
      if (claim) claim.recorded = true;
    }
  }
}

/**
 * The key as Postgres stores it and RETURNING gives it back, so that each row finds its caller: a
 * lone surrogate is sent as U+FFFD by the UTF-8 encoder anyway, and text cannot hold NUL. Two keys
 * that differ only there are taken as one: a refusal at worst, never a replay let through.
 */
function storable(key: string): string {
  if (!key.includes('\u0000') && !SURROGATE.test(key)) return key;
  return key.replace(LONE_SURROGATE, '\ufffd').replaceAll('\u0000', '\ufffd');
}

function sqlState(error: unknown): unknown {
  return error instanceof QueryFailedError ? (error.driverError as { code?: unknown }).code : undefined;
}
