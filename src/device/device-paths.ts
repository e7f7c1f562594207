/** RFC 8628 §3.1: where a device asks for a device code and a user code. */
export const DEVICE_AUTHORIZATION_PATH = '/oauth2/device_authorization';

/** RFC 8628 §3.2 verification_uri: the page where the user enters the user code, then signs in and consents. */
export const DEVICE_VERIFICATION_PATH = '/oauth2/device';
