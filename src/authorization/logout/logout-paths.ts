/** The end_session_endpoint (OIDC RP-Initiated Logout 1.0 §2.1). */
export const LOGOUT_PATH = '/oauth2/logout';

/** Where the confirmation page posts the user's answer. */
export const LOGOUT_CONFIRM_PATH = `${LOGOUT_PATH}/confirm`;
