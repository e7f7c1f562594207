/** What an error page says to a person: a heading and what to do, never the protocol's wording. */
export interface ErrorPageText {
  heading: string;
  explanation: string;
}

const BACK = 'Go back to the application you came from and try again.';
const OWNER = 'If it keeps happening, tell whoever runs that application.';

/** By OAuth error code (RFC 6749 §4.1.2.1, §5.2; RFC 8628 §3.5); the code and its description go below, folded. */
const TEXT: Record<string, ErrorPageText> = {
  invalid_client: {
    heading: 'This application is not known here',
    explanation: `The application that sent you here is not registered with this sign-in service, or its registration has changed. ${BACK} ${OWNER}`,
  },
  unauthorized_client: {
    heading: 'This application may not sign you in this way',
    explanation: `The application asked to sign you in in a way it is not allowed to use. ${BACK} ${OWNER}`,
  },
  invalid_request: {
    heading: 'This sign-in link is not valid',
    explanation: `The link that brought you here is incomplete or has been changed. ${BACK} ${OWNER}`,
  },
  invalid_request_uri: {
    heading: 'This sign-in link no longer works',
    explanation: `The link that brought you here has expired, was already used, or could not be read. ${BACK}`,
  },
  invalid_scope: {
    heading: 'The application asked for something it may not have',
    explanation: `The application asked for access it is not allowed. ${BACK} ${OWNER}`,
  },
  unsupported_response_type: {
    heading: 'This application may not sign you in this way',
    explanation: `The application asked to sign you in in a way this service does not offer. ${OWNER}`,
  },
  access_denied: {
    heading: 'Access was not given',
    explanation: `The request was refused, so nothing was shared with the application. ${BACK}`,
  },
  invalid_grant: {
    heading: 'This link has expired or was already used',
    explanation: `Start again from the application you came from.`,
  },
  expired_token: {
    heading: 'This code has expired',
    explanation: 'Ask your device for a new code and enter it again.',
  },
  login_required: {
    heading: 'Please sign in again',
    explanation: BACK,
  },
  temporarily_unavailable: {
    heading: 'The service is busy',
    explanation: 'Please wait a moment and try again.',
  },
};

const FALLBACK: ErrorPageText = {
  heading: 'Something went wrong',
  explanation: `The request could not be completed. ${BACK}`,
};

/** On the sign-out pages (RP-Initiated Logout), where nothing was signed out when they fail. */
const SIGN_OUT_TEXT: Record<string, ErrorPageText> = {
  invalid_request: {
    heading: 'This sign-out link is not valid',
    explanation: `The application sent you here to sign out, but its link is incomplete or has been changed, so you are still signed in here. ${BACK} ${OWNER}`,
  },
};

export function errorPageText(error: string, signingOut = false): ErrorPageText {
  if (signingOut && Object.hasOwn(SIGN_OUT_TEXT, error)) return SIGN_OUT_TEXT[error];
  return Object.hasOwn(TEXT, error) ? TEXT[error] : FALLBACK;
}
