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
    ...(client.clientUri ? { clientUri: client.clientUri, clientHost: hostOf(client.clientUri) } : {}),
    unverified: !approved,
  };
}

function hostOf(uri: string): string | undefined {
  try {
    return new URL(uri).host || undefined;
  } catch {
    return undefined;
  }
}
