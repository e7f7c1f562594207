/** The outbox kind of logout token deliveries. */
export const BACKCHANNEL_LOGOUT_KIND = 'backchannel-logout';

/**
 * What the outbox keeps of one logout to announce: whom to tell and what ended. The token itself
 * is signed at each attempt (it lives two minutes) and the URI read then, so a client that
 * changed or dropped its backchannel_logout_uri meanwhile is followed.
 */
export interface BackchannelLogoutPayload {
  client_id: string;
  sid: string;
  /** As the client knows the user (SubjectIdentifiers): what the outbox keeps is what the RP sees. */
  sub: string;
}
