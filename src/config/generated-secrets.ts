import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Environment, InvalidEnvironmentError } from './environment';

type Secrets = { keyEncryptionSecret: string; cookieSecret: string };
const REQUIRED = { keyEncryptionSecret: 'KEY_ENCRYPTION_SECRET', cookieSecret: 'COOKIE_SECRET' } as const;

/**
 * Outside production a missing secret is generated once and kept in the data directory, so a
 * restart keeps the same keys and sessions. In production every secret must be given. The
 * warning is given only when a secret is generated, not each time a stored one is read.
 */
export function resolveSecrets(env: Environment, dataDir: string, warn: (msg: string) => void): Secrets {
  const given: Partial<Secrets> = {
    keyEncryptionSecret: env.KEY_ENCRYPTION_SECRET,
    cookieSecret: env.COOKIE_SECRET,
  };
  const missing = (Object.keys(REQUIRED) as (keyof Secrets)[]).filter((k) => !given[k]);
  if (missing.length === 0) return given as Secrets;
  if (env.NODE_ENV === 'production') {
    const lines = missing.map((k) => `  ${REQUIRED[k]}: required when NODE_ENV=production`);
    throw new InvalidEnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const file = join(dataDir, 'secrets.json');
  const stored: Partial<Secrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const k of missing) {
    if (!stored[k]) {
      stored[k] = randomBytes(32).toString('base64url');
      changed = true;
      // Said once, when made; later runs (every CLI command) read it back quietly.
      warn(`${REQUIRED[k]} is not set: generated a development secret and kept it in ${file}`);
    }
    given[k] = stored[k];
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return given as Secrets;
}
