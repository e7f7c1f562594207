import { constants, sign, type KeyObject, type SignKeyObjectInput } from 'node:crypto';
import { promisify } from 'node:util';
import type { SigningAlg } from '../config/keys.config';

const signOnThreadPool = promisify(sign);

/** Node's key options for each JWS alg this server signs with (RFC 7518 §3.3-3.5), all SHA-256. */
const KEY_OPTIONS: Record<SigningAlg, Omit<SignKeyObjectInput, 'key'>> = {
  RS256: { padding: constants.RSA_PKCS1_PADDING },
  PS256: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
  ES256: { dsaEncoding: 'ieee-p1363' },
};

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A JWS compact serialisation (RFC 7515 §7.1) signed on libuv's thread pool: crypto.sign with a
 * callback. jose signs through WebCrypto, which made the RSA signature (about half a millisecond)
 * on the event loop's own thread, so a JWT-issuing server used one core; here the other cores sign
 * while it serves requests. jose still imports the keys and verifies every token.
 */
export async function signCompactJws(alg: string, key: KeyObject, header: object, payload: object): Promise<string> {
  const options = KEY_OPTIONS[alg as SigningAlg] as Omit<SignKeyObjectInput, 'key'> | undefined;
  if (!options) throw new Error(`cannot sign with ${alg}`);
  const input = `${base64url(header)}.${base64url(payload)}`;
  const signature = await signOnThreadPool('sha256', Buffer.from(input), { key, ...options });
  return `${input}.${signature.toString('base64url')}`;
}
