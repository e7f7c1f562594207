import { AppConfig } from './app-config';
import { validateEnvironment } from './environment';
import { resolveSecrets } from './generated-secrets';
import { parseTrustProxy } from './trust-proxy';

export function loadConfig(raw: Record<string, unknown>, warn: (msg: string) => void): AppConfig {
  const env = validateEnvironment(raw);
  const dataDir = env.DATA_DIR ?? '.data';
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if ('warning' in trustProxy && trustProxy.warning) warn(trustProxy.warning);
  return new AppConfig(env, resolveSecrets(env, dataDir, warn));
}
