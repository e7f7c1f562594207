import { createHash } from 'node:crypto';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { DPOP_SIGNING_ALGS } from './dpop-algs';
import { EmbeddedJwkJwsVerifier, EmbeddedJwsError } from './embedded-jwk-jws';

/** RFC 9449 §4.2: the typ of a DPoP proof. */
export const DPOP_PROOF_TYPE = 'dpop+jwt';
/** How old a proof's iat may be, and how far in the future (clock skew), in seconds (§11.1). */
export const PROOF_MAX_AGE_S = 120;
export const PROOF_MAX_FUTURE_S = 60;
const MAX_JTI_LENGTH = 255;
/** One per process: it keeps the keys clients prove with (embedded-jwk-jws.ts). */
const signatures = new EmbeddedJwkJwsVerifier(DPOP_SIGNING_ALGS, DPOP_PROOF_TYPE);

/** What the proof must match: the request it came with (§4.3 checks 8–11). */
export interface ProofExpectations {
  method: string;
  /** The endpoint's URL without query or fragment. */
  url: string;
  /** At a resource: the access token presented with it, for ath (§4.3 check 11). */
  accessToken?: string;
  now?: number;
}

/** A proof whose signature, header and claims passed; the nonce and jti are the caller's to check. */
export interface CheckedDpopProof {
  /** RFC 7638 SHA-256 thumbprint of the proof's key: what a bound token's cnf.jkt holds (§6.1). */
  jkt: string;
  /** The proof's alg (a profile may allow fewer than the server, dpop-algs.ts). */
  alg: string;
  jti: string;
  iat: number;
  nonce?: string;
}

const invalid = (description: string) => OAuthErrors.invalidDpopProof(description);

/**
 * RFC 9449 §4.3: one well-formed JWT, typ dpop+jwt, an allowed asymmetric alg, a public jwk in its
 * header that verifies the signature, jti, htm and htu matching the request (htu compared without
 * query and fragment, §4.3 check 9), iat within the accepted window, and ath when a token goes with it.
 */
export async function checkDpopProof(proof: string, expected: ProofExpectations): Promise<CheckedDpopProof> {
  let payload: Record<string, unknown>;
  let jkt: string;
  let alg: string;
  try {
    ({ payload, jkt, alg } = signatures.verify(proof));
  } catch (error) {
    if (!(error instanceof EmbeddedJwsError)) throw error;
    throw invalid(`the DPoP proof is invalid: ${error.message}`);
  }
  const { jti, htm, htu, iat, nonce, ath } = payload;
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH)
    throw invalid(`the DPoP proof jti must be 1 to ${MAX_JTI_LENGTH} characters`);
  if (htm !== expected.method) throw invalid(`the DPoP proof htm must be ${expected.method}`);
  if (typeof htu !== 'string' || !sameUrl(htu, expected.url))
    throw invalid(`the DPoP proof htu must be ${expected.url}`);
  const now = Math.floor((expected.now ?? Date.now()) / 1000);
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw invalid('the DPoP proof has no iat');
  if (iat < now - PROOF_MAX_AGE_S || iat > now + PROOF_MAX_FUTURE_S)
    throw invalid('the DPoP proof iat is too far from the current time');
  if (nonce !== undefined && typeof nonce !== 'string') throw invalid('the DPoP proof nonce must be a string');
  if (expected.accessToken !== undefined) {
    if (typeof ath !== 'string') throw invalid('the DPoP proof must carry ath, the hash of the access token');
    if (ath !== accessTokenHash(expected.accessToken))
      throw invalid('the DPoP proof ath does not match the access token');
  }
  return { jkt, alg, jti, iat, nonce };
}

/** RFC 9449 §4.2 ath: base64url of the SHA-256 of the access token's ASCII octets. */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

/** §4.3 check 9; a client sends the URL as the server names it, which needs no parsing. */
function sameUrl(htu: string, expected: string): boolean {
  if (htu === expected) return true;
  const normalised = normalisedUrl(htu);
  return normalised !== undefined && normalised === normalisedUrl(expected);
}

/**
 * RFC 9449 §4.3 check 9: htu compared without query and fragment, after RFC 3986 §6.2.2 and §6.2.3
 * normalisation (scheme and host case, default port, dot segments), which the URL parser does.
 */
export function normalisedUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return undefined;
  }
}
