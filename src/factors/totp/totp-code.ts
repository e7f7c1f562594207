import { Secret, TOTP } from 'otpauth';

/**
 * What every authenticator app supports (RFC 6238 §4 defaults, Google Authenticator's key URI
 * format): HMAC-SHA-1, 6 digits, 30-second steps. Apps ignore other values or get them wrong.
 */
export const TOTP_ALGORITHM = 'SHA1';
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** RFC 6238 §5.2: one step either side of now, for clock drift and typing time. */
export const TOTP_WINDOW = 1;
/** RFC 4226 §4 R6: a 160-bit shared secret, the length of an SHA-1 output. */
const SECRET_BYTES = 20;
const CODE = /^\d{6}$/;

const parameters = { algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS };

/** A new random shared secret, in base32 (RFC 4648 §6) as apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The otpauth:// URI the QR code carries: `issuer` names this server in the app, `account` the user. */
export function totpKeyUri(base32Secret: string, issuer: string, account: string): string {
  return new TOTP({ ...parameters, issuer, label: account, secret: Secret.fromBase32(base32Secret) }).toString();
}

/** A code as typed (spaces allowed, as apps show "123 456"), or undefined when it cannot be one. */
export function typedCode(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 16) return undefined;
  const code = value.replace(/\s/g, '');
  return CODE.test(code) ? code : undefined;
}

/** The RFC 6238 time step (T) of `at`. */
export function timeStepAt(at: number): number {
  return TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: at });
}

/**
 * The time step whose code `code` is, within TOTP_WINDOW steps of `at`; null when it is none of
 * them. Each candidate is compared in constant time (otpauth uses crypto.timingSafeEqual).
 */
export function matchingTimeStep(base32Secret: string, code: string, at: number = Date.now()): number | null {
  const delta = TOTP.validate({
    ...parameters,
    token: code,
    secret: Secret.fromBase32(base32Secret),
    timestamp: at,
    window: TOTP_WINDOW,
  });
  return delta === null ? null : timeStepAt(at) + delta;
}

/** The secret as shown for typing: groups of four. */
export const groupedSecret = (base32Secret: string) => base32Secret.replace(/(.{4})(?=.)/g, '$1 ');
