import type { ConfigSlice } from './config-slice';
import { OUTBOX_CONFIG } from './outbox.config';

/**
 * The modules' configuration slices, all validated at start with the core variables. Each is one
 * file here named for its module (`<module>.config.ts`), holding only what that module reads; the
 * module injects its settings class instead of AppConfig. They live in this folder because the
 * configuration imports no feature module (eslint.config.mjs).
 */
export const CONFIG_SLICES: readonly ConfigSlice[] = [OUTBOX_CONFIG] as ConfigSlice[];
