import type { Client } from '../../clients/client.entity';

/** What the consent page says about the client asking (views/consent.hbs). */
export interface ConsentClient {
  clientName: string;
  /** Only for a client an administrator approved: anyone else's logo_uri is a third-party image. */
  logoUri?: string;
  clientUri?: string;
  /** The host of client_uri, what the user can recognise the client by. */
  clientHost?: string;
  /** No administrator vouches for the client: it named itself (a dynamically registered one). */
  unverified: boolean;
}

/**
 * RFC 7591 §5 and RFC 8628 §5.4: a self-registered client chooses its own name and logo, so
 * the page says it is unverified and shows no image it names: a remote image would also tell
 * its owner who looks at the page, and when.
 */
export function consentClient(client: Client): ConsentClient {
  const approved = client.adminApproved;
  return {
    clientName: client.clientName,
    ...(approved && client.logoUri ? { logoUri: client.logoUri } : {}),
    ...clientWebsite(client.clientUri),
    unverified: !approved,
  };
}

/** client_uri, linked by its host, when it is a web page. */
function clientWebsite(uri: string | null): Pick<ConsentClient, 'clientUri' | 'clientHost'> {
  const host = uri === null ? undefined : hostOf(uri);
  return uri !== null && host !== undefined ? { clientUri: uri, clientHost: host } : {};
}

/** The host of a web page's URL; nothing for any other scheme, which the page then does not link. */
function hostOf(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}
