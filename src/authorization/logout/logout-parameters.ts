import { OAuthErrors } from '../../common/errors/oauth-error';
import { RequestParameters } from '../request/request-parameters';

/** The parameters of a logout request (OIDC RP-Initiated Logout 1.0 §2) this server acts on. */
export interface LogoutParameters {
  idTokenHint?: string;
  clientId?: string;
  postLogoutRedirectUri?: string;
  state?: string;
  /** OIDC Core §3.1.2.1, as for the authorization request: the pages' language, space-separated tags. */
  uiLocales?: string;
}

const USED = {
  idTokenHint: 'id_token_hint',
  clientId: 'client_id',
  postLogoutRedirectUri: 'post_logout_redirect_uri',
  state: 'state',
  uiLocales: 'ui_locales',
} as const;

// §2 defines it too. It is accepted but not used: the browser's session, not a hint, says who is
// signed in.
const ACCEPTED = ['logout_hint'];

/**
 * From the query (GET) or the form body (POST, §2). As for every OAuth request (RFC 6749 §3.1)
 * an empty value counts as absent and no parameter may be given more than once; parameters
 * this server does not know are ignored.
 */
export function parseLogoutParameters(source: unknown): LogoutParameters {
  const params = new RequestParameters(source);
  const repeated = [...Object.values(USED), ...ACCEPTED].filter((name) => params.isMalformed(name));
  if (repeated.length > 0)
    throw OAuthErrors.invalidRequest(`parameters given more than once or not as text: ${repeated.join(', ')}`);
  const parsed: LogoutParameters = {};
  for (const [field, name] of Object.entries(USED) as [keyof LogoutParameters, string][]) {
    const value = params.get(name);
    if (value !== undefined) parsed[field] = value;
  }
  return parsed;
}

/** The parameters as a query string again, for sending the same request on as a GET. */
export function logoutQuery(params: LogoutParameters): string {
  const query = new URLSearchParams();
  for (const [field, name] of Object.entries(USED) as [keyof LogoutParameters, string][]) {
    const value = params[field];
    if (value !== undefined) query.set(name, value);
  }
  return query.toString();
}
