import type { Client } from '../../clients/client.entity';
import type { IdTokenHint } from './id-token-hint';

/** A validated logout request: whatever it names has been checked. */
export interface LogoutRequest {
  /** The client named by client_id or proved by the hint's audience, when there is one. */
  client?: Client;
  hint?: IdTokenHint;
  /** Registered for `client`, exactly. */
  postLogoutRedirectUri?: string;
  state?: string;
  /** The pages' language (ui_locales). */
  uiLocales?: string;
}
