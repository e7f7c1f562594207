/** RFC 9126 §2: the pushed authorization request endpoint. */
export const PAR_PATH = '/oauth2/par';
/** RFC 9126 §2.2 expires_in: long enough to send the browser on, short enough to be of no use later. */
export const PUSHED_REQUEST_TTL_SECONDS = 60;
