import { AppConfig } from './app-config';
import { validateEnvironment } from './environment';
import { resolveSecrets } from './generated-secrets';

export function loadConfig(raw: Record<string, unknown>, warn: (msg: string) => void): AppConfig {
  const env = validateEnvironment(raw);
  const dataDir = env.DATA_DIR ?? '.data';
  return new AppConfig(env, resolveSecrets(env, dataDir, warn));
}
