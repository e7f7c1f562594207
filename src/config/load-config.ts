import { AppConfig } from './app-config';
import { validateConfiguration } from './environment';
import { resolveSecrets } from './generated-secrets';
import { parseTrustProxy } from './trust-proxy';

export function loadConfig(raw: Record<string, unknown>, warn: (msg: string) => void): AppConfig {
  const validated = validateConfiguration(raw);
  const { env } = validated;
  const dataDir = env.DATA_DIR ?? '.data';
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if ('warning' in trustProxy && trustProxy.warning) warn(trustProxy.warning);
  return new AppConfig(validated, resolveSecrets(env, dataDir, warn));
}
