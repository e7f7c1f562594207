import { createHash, createPublicKey, constants, verify, type KeyObject } from 'node:crypto';

/** A compact JWS whose header carries the public JWK that signed it (RFC 9449 §4.2), checked. */
export interface VerifiedEmbeddedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** RFC 7638 SHA-256 thumbprint of the header's jwk. */
  jkt: string;
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
// RFC 7517 §4–6: members only a private or symmetric key has.
const PRIVATE_KEY_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const MIN_RSA_BITS = 2048;
const MAX_CACHED_KEYS = 1000;

interface ImportedKey {
  key: KeyObject;
  jkt: string;
}

/**
 * Verifies a DPoP proof's signature with Node's crypto rather than WebCrypto through jose: a
 * client proves with one key for many requests, so its imported key and thumbprint are kept
 * (bounded), and the check costs one signature verification (docs/performance.md). Only the
 * algorithms in `allowed`; no `crit` (none is understood); the jwk public only.
 */
export class EmbeddedJwkJwsVerifier {
  private readonly keys = new Map<string, ImportedKey>();

  constructor(private readonly allowed: readonly string[]) {}

  verify(jws: string, expectedTyp: string): VerifiedEmbeddedJws {
    const parts = jws.split('.');
    if (parts.length !== 3) throw new EmbeddedJwsError('not a compact JWS');
    const [encodedHeader, encodedPayload, encodedSignature] = parts;
    const header = jsonObject(encodedHeader, 'header');
    if (typeof header.typ !== 'string' || header.typ.toLowerCase() !== expectedTyp)
      throw new EmbeddedJwsError(`its typ must be ${expectedTyp}`);
    const alg = header.alg;
    if (typeof alg !== 'string' || !this.allowed.includes(alg) || !(alg in ALGS))
      throw new EmbeddedJwsError(`its alg must be one of ${this.allowed.join(', ')}`);
    if ('crit' in header) throw new EmbeddedJwsError('no crit header parameter is understood');
    const imported = this.keyOf(header.jwk, ALGS[alg]);
    const spec = ALGS[alg];
    const signature = Buffer.from(encodedSignature, 'base64url');
    const signed = verify(
      spec.hash,
      Buffer.from(`${encodedHeader}.${encodedPayload}`),
      spec.ecdsa
        ? { key: imported.key, dsaEncoding: 'ieee-p1363' }
        : spec.pss
          ? { key: imported.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
          : imported.key,
      signature,
    );
    if (!signed) throw new EmbeddedJwsError('signature verification failed');
    return { header, payload: jsonObject(encodedPayload, 'payload'), jkt: imported.jkt };
  }

  private keyOf(jwk: unknown, spec: AlgSpec): ImportedKey {
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk))
      throw new EmbeddedJwsError('its header must carry the public jwk');
    const members = jwk as Record<string, unknown>;
    if (PRIVATE_KEY_MEMBERS.some((m) => m in members)) throw new EmbeddedJwsError('its jwk must be a public key');
    if (members.kty !== spec.kty || (spec.crv !== undefined && members.crv !== spec.crv))
      throw new EmbeddedJwsError('its jwk does not suit its alg');
    const required = THUMBPRINT_MEMBERS[spec.kty];
    if (required.some((m) => typeof members[m] !== 'string')) throw new EmbeddedJwsError('its jwk is incomplete');
    const canonical = JSON.stringify(Object.fromEntries(required.map((m) => [m, members[m]])));
    const cached = this.keys.get(canonical);
    if (cached) return cached;
    let key: KeyObject;
    try {
      key = createPublicKey({ key: JSON.parse(canonical) as Record<string, string>, format: 'jwk' });
    } catch {
      throw new EmbeddedJwsError('its jwk is not a valid public key');
    }
    if (spec.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS)
      throw new EmbeddedJwsError(`its RSA key must have at least ${MIN_RSA_BITS} bits`);
    const imported = { key, jkt: createHash('sha256').update(canonical).digest('base64url') };
    if (this.keys.size >= MAX_CACHED_KEYS) this.keys.delete(this.keys.keys().next().value!);
    this.keys.set(canonical, imported);
    return imported;
  }
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
