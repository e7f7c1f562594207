import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { AppConfig } from '../src/config/app-config';
import {
  TOTP_ALGORITHM,
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  newTotpSecret,
  timeStepAt,
} from '../src/factors/totp/totp-code';
import { RECOVERY_CODE_COUNT } from '../src/factors/recovery-codes/recovery-codes.service';
import { TotpSecretSealer } from '../src/factors/totp/totp-secret-sealer';
import type { BenchDatabase } from './database';
import type { Account } from './sign-in';

/**
 * Users with an authenticator app, for the sign-in-totp scenario. The server accepts a code
 * once per user per time step (RFC 6238 §5.2), so at N sign-ins a second a step of 30 s needs
 * 30·N users: at most about 85 sign-ins a second fit on two cores (argon2id), so 4,000 leave
 * room. A run that empties the pool fails, saying so.
 */
export const TOTP_USERS = 4000;

export interface TotpAccount extends Account {
  secret: string;
  /** The time step of the last sign-in taken for this user (of its code, once sent); -1: none yet. */
  lastStep: number;
}

/** Users to take one per sign-in, the one taken longest ago first. */
export class TotpAccounts {
  private readonly queue: TotpAccount[];

  constructor(accounts: TotpAccount[]) {
    this.queue = [...accounts];
  }

  get size(): number {
    return this.queue.length;
  }

  /**
   * A user not taken in the current time step, or undefined when every one has been. It goes
   * to the back of the queue at once, so a sign-in that fails loses no user.
   */
  take(at = Date.now()): TotpAccount | undefined {
    const first = this.queue[0];
    const step = timeStepAt(at);
    if (!first || first.lastStep >= step) return undefined;
    this.queue.push(this.queue.shift()!);
    first.lastStep = step;
    return first;
  }

  /** What the user's app shows now. */
  code(account: TotpAccount, at = Date.now()): string {
    account.lastStep = timeStepAt(at);
    return TOTP.generate({
      secret: Secret.fromBase32(account.secret),
      algorithm: TOTP_ALGORITHM,
      digits: TOTP_DIGITS,
      period: TOTP_PERIOD_SECONDS,
      timestamp: at,
    });
  }
}

/**
 * Adds `count` users who have set up an authenticator app, as the Sign-in methods page leaves
 * them (the app confirmed, a set of recovery codes), without `count` argon2id hashes: each user gets
 * a copy of `template`'s password hash (so the same password, each verification costing what
 * any does), and a secret of its own sealed by the server's own TotpSecretSealer under its
 * KEY_ENCRYPTION_SECRET. Recovery codes are hashes of values nobody knows: they are only shown.
 * Each has also given `template`'s consents.
 */
export async function enrolTotpUsers(
  db: BenchDatabase,
  keyEncryptionSecret: string,
  template: Account,
  count: number,
): Promise<TotpAccounts> {
  const sealer = new TotpSecretSealer({ keyEncryptionSecret } as AppConfig);
  const prefix = `totp-${randomBytes(3).toString('hex')}-`;
  const users = await db.query<{ id: string; username: string }>(
    `INSERT INTO users (username, email, email_verified, password_hash, name)
     SELECT $1 || g, $1 || g || '@example.com', true, t.password_hash, 'TOTP user ' || g
       FROM generate_series(1, $3::int) AS g, (SELECT password_hash FROM users WHERE username = $2) AS t
     RETURNING id, username`,
    [prefix, template.username, count],
  );
  if (users.length !== count) throw new Error(`enrolled ${users.length} TOTP users, not ${count}`);
  const secrets = users.map(() => newTotpSecret());
  await db.query(
    `INSERT INTO totp_factors (user_id, secret_sealed, confirmed_at)
     SELECT u, s, now() FROM unnest($1::uuid[], $2::text[]) AS x(u, s)`,
    [users.map((u) => u.id), secrets.map((s) => sealer.seal(s))],
  );
  await db.query(
    `INSERT INTO recovery_codes (user_id, code_hash)
     SELECT u, encode(sha256(convert_to(u::text || $2 || g, 'UTF8')), 'hex')
       FROM unnest($1::uuid[]) AS u, generate_series(1, $3::int) AS g`,
    [users.map((u) => u.id), randomBytes(16).toString('hex'), RECOVERY_CODE_COUNT],
  );
  // The consents the template user has given (the web client's, remembered), given by each user too.
  await db.query(
    `INSERT INTO consents (user_id, client_id, scopes, claims, updated_at)
     SELECT u, c.client_id, c.scopes, c.claims, now()
       FROM unnest($1::uuid[]) AS u, consents c JOIN users t ON t.id = c.user_id WHERE t.username = $2`,
    [users.map((u) => u.id), template.username],
  );
  await db.query('ANALYZE users, totp_factors, recovery_codes, consents');
  return new TotpAccounts(
    users.map((u, i) => ({ username: u.username, password: template.password, secret: secrets[i], lastStep: -1 })),
  );
}
