// Key names that hold credentials: a caller's slip must not put one in the audit log.
const SECRET_KEY = /(secret|password|token|hash|jwk|assertion|code_verifier|codeVerifier)s?$/i;
const REDACTED = '[redacted]';

/** A copy of `details` with every value under a secret-looking key replaced, at any depth. */
export function withoutSecrets(details: unknown): unknown {
  if (Array.isArray(details)) return details.map(withoutSecrets);
  if (details === null || typeof details !== 'object' || details instanceof Date) return details;
  return Object.fromEntries(
    Object.entries(details).map(([key, value]) => [key, SECRET_KEY.test(key) ? REDACTED : withoutSecrets(value)]),
  );
}
