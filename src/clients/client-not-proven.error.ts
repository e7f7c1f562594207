/**
 * A credential that did not prove the client: an unknown client_id, a method other than the
 * registered one, a wrong secret, an assertion not signed with the client's keys. Never shown as
 * it is: ClientAuthenticator answers each with the same invalid_client, so that the answer does
 * not tell whether a client is registered or how it authenticates; the reason goes to the audit
 * trail. Once the credential has proven the client (an expired secret, an assertion's claims),
 * the refusal may say why: only the client's holder sees it.
 */
export class ClientNotProven extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ClientNotProven';
  }
}
