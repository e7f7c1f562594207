/** The one redirect_uri this server registers at every upstream provider; the state tells which login answers. */
export const CALLBACK_PATH = '/federation/callback';

export function callbackUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}${CALLBACK_PATH}`;
}
