import { createHash, createPublicKey, constants, verify, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto';
import { PRIVATE_KEY_MEMBERS } from '../../keys/public-jwks';

/** A compact JWS whose header carries the public JWK that signed it (RFC 9449 §4.2), checked. */
export interface VerifiedEmbeddedJws {
  payload: Record<string, unknown>;
  /** RFC 7638 SHA-256 thumbprint of the header's jwk. */
  jkt: string;
  /** The header's alg, one of the verifier's allowed ones. */
  alg: string;
}

/** Why a JWS was refused, for the caller's error description. */
export class EmbeddedJwsError extends Error {}

interface AlgSpec {
  kty: string;
  crv?: string;
  hash: string | null;
  pss?: boolean;
  /** ECDSA signatures are r‖s of this many octets each (RFC 7518 §3.4). */
  ecdsa?: boolean;
}

const ALGS: Record<string, AlgSpec> = {
  ES256: { kty: 'EC', crv: 'P-256', hash: 'sha256', ecdsa: true },
  PS256: { kty: 'RSA', hash: 'sha256', pss: true },
  RS256: { kty: 'RSA', hash: 'sha256' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519', hash: null },
};

// RFC 7638 §3.2: the required members of each key type, in lexicographic order.
const THUMBPRINT_MEMBERS: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
  OKP: ['crv', 'kty', 'x'],
};
const MIN_RSA_BITS = 2048;
const MAX_CACHED_HEADERS = 1000;

/** A header that passed every check, with what verifying under it needs. */
interface CheckedHeader {
  hash: string | null;
  key: KeyObject | VerifyKeyObjectInput;
  jkt: string;
  alg: string;
}

/**
 * Verifies a DPoP proof's signature with Node's crypto rather than WebCrypto through jose. A
 * client proves with one key for many requests, each proof under the same header (alg, typ,
 * jwk): so a header that passed its checks is kept, by its encoded text, with its imported key
 * and thumbprint (bounded), and a further proof under it costs a map lookup, the payload's
 * decoding and one signature verification (docs/performance.md). Only the algorithms in
 * `allowed`; no `crit` (none is understood); the jwk public only.
 */
export class EmbeddedJwkJwsVerifier {
  private readonly headers = new Map<string, CheckedHeader>();

  constructor(
    private readonly allowed: readonly string[],
    private readonly expectedTyp: string,
  ) {}

  verify(jws: string): VerifiedEmbeddedJws {
    const headerEnd = jws.indexOf('.');
    const payloadEnd = jws.indexOf('.', headerEnd + 1);
    if (headerEnd < 0 || payloadEnd < 0 || jws.includes('.', payloadEnd + 1))
      throw new EmbeddedJwsError('not a compact JWS');
    const encodedHeader = jws.slice(0, headerEnd);
    const checked = this.headers.get(encodedHeader) ?? this.checkHeader(encodedHeader);
    const signed = verify(
      checked.hash,
      Buffer.from(jws.slice(0, payloadEnd)),
      checked.key,
      Buffer.from(jws.slice(payloadEnd + 1), 'base64url'),
    );
    if (!signed) throw new EmbeddedJwsError('signature verification failed');
    return { payload: jsonObject(jws.slice(headerEnd + 1, payloadEnd), 'payload'), jkt: checked.jkt, alg: checked.alg };
  }

  private checkHeader(encodedHeader: string): CheckedHeader {
    const header = jsonObject(encodedHeader, 'header');
    if (typeof header.typ !== 'string' || header.typ.toLowerCase() !== this.expectedTyp)
      throw new EmbeddedJwsError(`its typ must be ${this.expectedTyp}`);
    const alg = header.alg;
    if (typeof alg !== 'string' || !this.allowed.includes(alg) || !(alg in ALGS))
      throw new EmbeddedJwsError(`its alg must be one of ${this.allowed.join(', ')}`);
    if ('crit' in header) throw new EmbeddedJwsError('no crit header parameter is understood');
    const spec = ALGS[alg];
    const { key, jkt } = importKey(header.jwk, spec);
    const checked: CheckedHeader = {
      hash: spec.hash,
      key: spec.ecdsa
        ? { key, dsaEncoding: 'ieee-p1363' }
        : spec.pss
          ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
          : key,
      jkt,
      alg,
    };
    if (this.headers.size >= MAX_CACHED_HEADERS) this.headers.delete(this.headers.keys().next().value!);
    this.headers.set(encodedHeader, checked);
    return checked;
  }
}

/** The header's jwk as a public key of the alg's type, with its RFC 7638 thumbprint. */
function importKey(jwk: unknown, spec: AlgSpec): { key: KeyObject; jkt: string } {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk))
    throw new EmbeddedJwsError('its header must carry the public jwk');
  const members = jwk as Record<string, unknown>;
  if (PRIVATE_KEY_MEMBERS.some((m) => m in members)) throw new EmbeddedJwsError('its jwk must be a public key');
  if (members.kty !== spec.kty || (spec.crv !== undefined && members.crv !== spec.crv))
    throw new EmbeddedJwsError('its jwk does not suit its alg');
  const required = THUMBPRINT_MEMBERS[spec.kty];
  if (required.some((m) => typeof members[m] !== 'string')) throw new EmbeddedJwsError('its jwk is incomplete');
  const canonical = JSON.stringify(Object.fromEntries(required.map((m) => [m, members[m]])));
  let key: KeyObject;
  try {
    key = createPublicKey({ key: JSON.parse(canonical) as Record<string, string>, format: 'jwk' });
  } catch {
    throw new EmbeddedJwsError('its jwk is not a valid public key');
  }
  if (spec.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS)
    throw new EmbeddedJwsError(`its RSA key must have at least ${MIN_RSA_BITS} bits`);
  return { key, jkt: createHash('sha256').update(canonical).digest('base64url') };
}

function jsonObject(encoded: string, part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new EmbeddedJwsError(`its ${part} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new EmbeddedJwsError(`its ${part} is not a JSON object`);
  return value as Record<string, unknown>;
}
