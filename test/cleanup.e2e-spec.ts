import { CLEANUP_LOCK_KEY, CleanupService } from '../src/cleanup/cleanup.service';
import { eventually } from './support/eventually';
import { startTestApp, TestApp } from './support/test-app';

const ago = (interval: string) => `now() - interval '${interval}'`;
const ahead = (interval: string) => `now() + interval '${interval}'`;

/** Inserts one row per case, named for what the cleanup should do with it. */
async function seed(t: TestApp): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
  const [{ id: user }] = await q(`INSERT INTO users (username) VALUES ('cleanup-user') RETURNING id`);
  await q(`INSERT INTO clients (client_id, client_name) VALUES ('cleanup-client', 'Cleanup RP')`);
  const [{ id: credential }] = await q(
    `INSERT INTO admin_credentials (name, token_hash, origin) VALUES ('cleanup', 'cleanup-hash', 'api') RETURNING id`,
  );
  for (const [hash, expires, ended] of [
    ['console-live', ahead('1 hour'), 'NULL'],
    ['console-expired', ago('1 minute'), 'NULL'],
    ['console-signed-out', ahead('1 hour'), ago('1 minute')],
  ])
    await q(
      `INSERT INTO admin_console_sessions (secret_hash, credential_id, expires_at, ended_at) VALUES ($1, $2, ${expires}, ${ended})`,
      [hash, credential],
    );
  const grant = async (expires: string) =>
    (
      await q(
        `INSERT INTO grants (client_id, user_id, scope, expires_at) VALUES ('cleanup-client', $1, '{openid}', ${expires}) RETURNING id`,
        [user],
      )
    )[0].id as string;
  const expiredEmptyGrant = await grant(ago('1 hour'));
  const expiredGrantWithLiveToken = await grant(ago('1 hour'));
  const liveGrant = await grant(ahead('1 hour'));
  await grant('NULL');
  await q(`UPDATE grants SET revoked_reason = 'expired-empty' WHERE id = $1`, [expiredEmptyGrant]);

  const code = (hash: string, expires: string) =>
    q(
      `INSERT INTO authorization_codes (code_hash, grant_id, client_id, user_id, redirect_uri, scope, auth_time, expires_at)
       VALUES ($1, $2, 'cleanup-client', $3, 'https://rp.example.com/cb', '{openid}', now(), ${expires})`,
      [hash, liveGrant, user],
    );
  await code('code-expired', ago('1 minute'));
  await code('code-live', ahead('1 minute'));

  const interaction = (id: string, expires: string) =>
    q(`INSERT INTO interactions (id, params, client_id, expires_at) VALUES ($1, '{}', 'cleanup-client', ${expires})`, [
      id,
    ]);
  await interaction('interaction-expired', ago('1 minute'));
  await interaction('interaction-live', ahead('10 minutes'));
  await q(
    `INSERT INTO pushed_authorization_requests (reference_hash, client_id, parameters, expires_at) VALUES
       ('par-expired', 'cleanup-client', '{}', ${ago('31 minutes')}), ('par-live', 'cleanup-client', '{}', ${ahead('1 minute')}),
       -- past its minute, but a sign-in started from it within the minute may still finish and use it up
       ('par-in-use', 'cleanup-client', '{}', ${ago('1 second')})`,
  );

  const session = (hash: string, expires: string, ended: string) =>
    q(
      `INSERT INTO sessions (secret_hash, user_id, auth_time, expires_at, ended_at) VALUES ($1, $2, now(), ${expires}, ${ended})`,
      [hash, user],
    );
  await session('session-expired', ago('1 hour'), 'NULL');
  await session('session-ended-days-ago', ahead('1 day'), ago('2 days'));
  await session('session-ended-recently', ahead('1 day'), ago('1 hour'));
  await session('session-live', ahead('1 day'), 'NULL');

  const token = (hash: string, kind: string, grantId: string, expires: string) =>
    q(
      `INSERT INTO tokens (token_hash, kind, grant_id, client_id, user_id, scope, expires_at)
       VALUES ($1, $2, $3, 'cleanup-client', $4, '{openid}', ${expires})`,
      [hash, kind, grantId, user],
    );
  await token('access-expired', 'access_token', liveGrant, ago('1 minute'));
  await token('refresh-expired', 'refresh_token', liveGrant, ago('1 minute'));
  await token('access-live', 'access_token', expiredGrantWithLiveToken, ahead('1 hour'));
  await token('refresh-live', 'refresh_token', liveGrant, ahead('1 day'));

  await q(
    `INSERT INTO used_jtis (key, expires_at) VALUES ('jti-expired', ${ago('1 second')}), ('jti-live', ${ahead('1 hour')})`,
  );
  if (await hasTable(t, 'revoked_jtis'))
    await q(
      `INSERT INTO revoked_jtis (jti, client_id, expires_at)
       VALUES ('revoked-expired', 'cleanup-client', ${ago('1 second')}), ('revoked-live', 'cleanup-client', ${ahead('1 hour')})`,
    );

  await q(
    `INSERT INTO login_attempts (key, failures, last_failure_at, locked_until) VALUES
       ('attempts-stale', 3, ${ago('1 day')}, NULL),
       ('attempts-lock-over', 9, ${ago('1 day')}, ${ago('1 hour')}),
       ('attempts-locked', 9, ${ago('1 day')}, ${ahead('1 hour')}),
       ('attempts-recent', 2, ${ago('1 minute')}, NULL)`,
  );
  await q(
    `INSERT INTO initial_access_tokens (token_hash, description, expires_at) VALUES
       ('iat-expired', 'iat-expired', ${ago('1 minute')}), ('iat-live', 'iat-live', ${ahead('1 day')}),
       ('iat-forever', 'iat-forever', NULL)`,
  );
  await q(
    `INSERT INTO rate_limits (key, window_start, expires_at, hits) VALUES
       ('limit-expired', ${ago('2 minutes')}, ${ago('1 minute')}, 5), ('limit-live', now(), ${ahead('1 minute')}, 5)`,
  );
  // Mailed links: expired ones go, used or not; a live one stays.
  await q(
    `INSERT INTO user_action_tokens (user_id, purpose, token_hash, expires_at, used_at) VALUES
       ($1, 'password_reset', repeat('a', 64), ${ago('1 minute')}, NULL),
       ($1, 'password_reset', repeat('b', 64), ${ahead('10 minutes')}, NULL)`,
    [user],
  );
  // Delivered a week ago and failed a month ago go; recent ones and waiting ones stay, however old.
  await q(
    `INSERT INTO outbox (kind, payload, state, created_at, delivered_at) VALUES
       ('cleanup', '{"n":"delivered-old"}', 'delivered', ${ago('8 days')}, ${ago('8 days')}),
       ('cleanup', '{"n":"delivered-recent"}', 'delivered', ${ago('8 days')}, ${ago('6 days')}),
       ('cleanup', '{"n":"failed-old"}', 'failed', ${ago('31 days')}, NULL),
       ('cleanup', '{"n":"failed-recent"}', 'failed', ${ago('29 days')}, NULL),
       ('cleanup', '{"n":"pending-old"}', 'pending', ${ago('60 days')}, NULL)`,
  );
  // Authenticator app set-ups never confirmed go after 15 minutes; recent ones and apps set up stay.
  const [{ id: second }] = await q(`INSERT INTO users (username) VALUES ('cleanup-user-2') RETURNING id`);
  const [{ id: third }] = await q(`INSERT INTO users (username) VALUES ('cleanup-user-3') RETURNING id`);
  await q(
    `INSERT INTO totp_factors (user_id, secret_sealed, created_at, confirmed_at) VALUES
       ($1, 'setup-stale', ${ago('16 minutes')}, NULL),
       ($2, 'setup-recent', ${ago('1 minute')}, NULL),
       ($3, 'app-set-up', ${ago('30 days')}, ${ago('30 days')})`,
    [user, second, third],
  );
}

/** Tables other features add; the cleanup job covers them once they exist. */
async function hasTable(t: TestApp, table: string): Promise<boolean> {
  const [{ present }] = await t.dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [table]);
  return present;
}

async function column(t: TestApp, sql: string): Promise<string[]> {
  const rows: { v: string }[] = await t.dataSource.query(sql);
  return rows.map((r) => r.v).sort();
}

describe('cleanup job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CLEANUP_INTERVAL: '0' });
  });
  afterAll(() => t.close());

  it('deletes every expired row and nothing that is still live', async () => {
    await seed(t);
    const report = await t.app.get(CleanupService).runOnce();

    expect(report).toEqual({
      authorization_codes: 1,
      interactions: 1,
      pushed_authorization_requests: 1,
      // Expired device codes: test/device.e2e-spec.ts.
      device_codes: 0,
      sessions: 2,
      tokens: 2,
      grants: 1,
      used_jtis: 1,
      ...((await hasTable(t, 'revoked_jtis')) ? { revoked_jtis: 1 } : {}),
      login_attempts: 2,
      initial_access_tokens: 1,
      rate_limits: 1,
      admin_console_sessions: 2,
      outbox: 2,
      user_action_tokens: 1,
      totp_factors: 1,
    });
    expect(await column(t, 'SELECT token_hash AS v FROM user_action_tokens')).toEqual(['b'.repeat(64)]);
    expect(await column(t, 'SELECT secret_hash AS v FROM admin_console_sessions')).toEqual(['console-live']);
    expect(await column(t, 'SELECT code_hash AS v FROM authorization_codes')).toEqual(['code-live']);
    expect(await column(t, 'SELECT id AS v FROM interactions')).toEqual(['interaction-live']);
    expect(await column(t, 'SELECT reference_hash AS v FROM pushed_authorization_requests')).toEqual([
      'par-in-use',
      'par-live',
    ]);
    expect(await column(t, 'SELECT secret_hash AS v FROM sessions')).toEqual([
      'session-ended-recently',
      'session-live',
    ]);
    expect(await column(t, 'SELECT token_hash AS v FROM tokens')).toEqual(['access-live', 'refresh-live']);
    expect(await column(t, `SELECT coalesce(revoked_reason, 'kept') AS v FROM grants`)).toEqual([
      'kept',
      'kept',
      'kept',
    ]);
    expect(await column(t, 'SELECT key AS v FROM used_jtis')).toEqual(['jti-live']);
    expect(await column(t, 'SELECT key AS v FROM login_attempts')).toEqual(['attempts-locked', 'attempts-recent']);
    expect(await column(t, 'SELECT description AS v FROM initial_access_tokens')).toEqual(['iat-forever', 'iat-live']);
    expect(await column(t, 'SELECT key AS v FROM rate_limits')).toEqual(['limit-live']);
    expect(await column(t, `SELECT payload->>'n' AS v FROM outbox`)).toEqual([
      'delivered-recent',
      'failed-recent',
      'pending-old',
    ]);
    expect(await column(t, 'SELECT secret_sealed AS v FROM totp_factors')).toEqual(['app-set-up', 'setup-recent']);

    expect(Object.values(await t.app.get(CleanupService).runOnce()).every((n) => n === 0)).toBe(true);
  });

  it('skips the round while another replica holds the lock', async () => {
    await t.dataSource.query(
      `INSERT INTO used_jtis (key, expires_at) VALUES ('jti-while-locked', now() - interval '1 second')`,
    );
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [CLEANUP_LOCK_KEY]);
      expect(await t.app.get(CleanupService).runOnce()).toEqual({});
      await holder.query('SELECT pg_advisory_unlock($1)', [CLEANUP_LOCK_KEY]);
    } finally {
      await holder.release();
    }
    expect((await t.app.get(CleanupService).runOnce()).used_jtis).toBe(1);
  });

  it('deletes each row once when two instances run it at the same time, in batches', async () => {
    await t.dataSource.query(
      `INSERT INTO used_jtis (key, expires_at)
       SELECT 'bulk-' || n, now() - interval '1 minute' FROM generate_series(1, 12000) AS n`,
    );
    const other = await startTestApp({ CLEANUP_INTERVAL: '0' }, t.database);
    try {
      const reports = await Promise.all([
        t.app.get(CleanupService).runOnce(),
        other.app.get(CleanupService).runOnce(),
        other.app.get(CleanupService).runOnce(),
      ]);
      expect(reports.reduce((sum, r) => sum + (r.used_jtis ?? 0), 0)).toBe(12000);
      expect(await column(t, 'SELECT key AS v FROM used_jtis')).toEqual(['jti-live']);
    } finally {
      await other.close();
    }
  });

  it('runs on its own every CLEANUP_INTERVAL seconds', async () => {
    await t.dataSource.query(
      `INSERT INTO used_jtis (key, expires_at) VALUES ('jti-scheduled', now() - interval '1 second')`,
    );
    const scheduled = await startTestApp({ CLEANUP_INTERVAL: '1' }, t.database);
    try {
      await eventually(
        async () => expect(await column(t, 'SELECT key AS v FROM used_jtis')).toEqual(['jti-live']),
        5000,
      );
    } finally {
      await scheduled.close();
    }
  });
});
