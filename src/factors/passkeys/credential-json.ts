/** The longest WebAuthn response a form may carry (a big attestation with certificates fits). */
const MAX_LENGTH = 32 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

interface CredentialJson {
  id: string;
  rawId: string;
  type: string;
  response: Record<string, unknown> & { clientDataJSON: string };
}

/**
 * A WebAuthn response as @simplewebauthn/browser serialises it (a form field holding JSON), with
 * the shape checked before anything reads it, and the challenge its clientDataJSON answers.
 * Null for anything else.
 */
export function parseCredentialJson<T>(
  field: unknown,
  responseFields: readonly string[],
): { response: T; challenge: string } | null {
  if (typeof field !== 'string' || field.length > MAX_LENGTH) return null;
  let json: unknown;
  try {
    json = JSON.parse(field);
  } catch {
    return null;
  }
  if (!isCredentialJson(json, responseFields)) return null;
  let clientData: unknown;
  try {
    clientData = JSON.parse(Buffer.from(json.response.clientDataJSON, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const challenge = (clientData as { challenge?: unknown } | null)?.challenge;
  if (typeof challenge !== 'string' || !BASE64URL.test(challenge)) return null;
  return { response: json as T, challenge };
}

function isCredentialJson(json: unknown, responseFields: readonly string[]): json is CredentialJson {
  if (typeof json !== 'object' || json === null) return false;
  const { id, rawId, type, response } = json as Record<string, unknown>;
  if (typeof id !== 'string' || !BASE64URL.test(id) || id === '' || rawId !== id || type !== 'public-key') return false;
  if (typeof response !== 'object' || response === null) return false;
  const fields = response as Record<string, unknown>;
  return ['clientDataJSON', ...responseFields].every((f) => typeof fields[f] === 'string' && BASE64URL.test(fields[f]));
}
