import type { Client } from '../../clients/client.entity';

/** A web page of the client's, linked with its host in view: the client chose where it leads. */
export interface ClientPage {
  uri: string;
  host: string;
}

/** What the login and consent pages say about the client asking (views/login.hbs, views/consent.hbs). */
export interface ConsentClient {
  clientName: string;
  /** Only for a client an administrator approved: anyone else's logo_uri is a third-party image. */
  logoUri?: string;
  /** client_uri: what the user can recognise the client by. */
  website?: ClientPage;
  /** OIDC Registration §2 policy_uri: how the client uses the profile data it is given. */
  policy?: ClientPage;
  /** OIDC Registration §2 tos_uri: the client's terms of service. */
  terms?: ClientPage;
  /** No administrator vouches for the client: it named itself (a dynamically registered one). */
  unverified: boolean;
}

/**
 * RFC 7591 §5 and RFC 8628 §5.4: a self-registered client chooses its own name and logo, so
 * the page says it is unverified and shows no image it names: a remote image would also tell
 * its owner who looks at the page, and when. Its pages are linked all the same (OIDC
 * Registration §2: the OP SHOULD show policy_uri and tos_uri), each beside its host: a link
 * loads nothing until the user follows it, and then opens apart from this page.
 * Only http(s) URLs are shown, whatever the database holds: the metadata rules refuse any other
 * (client-metadata.validation.ts), and a javascript: or data: link on this server's page would be
 * a script, or a forged page, one click away.
 */
export function consentClient(client: Client): ConsentClient {
  const approved = client.adminApproved;
  return {
    clientName: client.clientName,
    logoUri: approved ? webPage(client.logoUri)?.uri : undefined,
    website: webPage(client.clientUri),
    policy: webPage(client.policyUri),
    terms: webPage(client.tosUri),
    unverified: !approved,
  };
}

/** A URL with its host when it is a web page's; nothing for any other scheme, which the pages then do not show. */
function webPage(uri: string | null): ClientPage | undefined {
  if (uri === null) return undefined;
  try {
    const url = new URL(uri);
    return url.protocol === 'https:' || url.protocol === 'http:' ? { uri, host: url.host } : undefined;
  } catch {
    return undefined;
  }
}
