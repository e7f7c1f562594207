import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { FlowResponse } from './http-exchange';

const b64u = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * Makes DPoP proofs (RFC 9449 §4.2) synchronously, as autocannon's setupRequest needs: ES256 with
 * node:crypto, one key per scenario, and the server nonce (§8) of the last answer that gave one.
 */
export class DpopProver {
  private readonly privateKey: KeyObject;
  private readonly header: string;
  nonce: string | undefined;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.header = b64u(
      JSON.stringify({ alg: 'ES256', typ: 'dpop+jwt', jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } }),
    );
  }

  /** A proof for one request; `accessToken` at a resource (ath). */
  proof(method: string, url: string, accessToken?: string): string {
    const claims: Record<string, unknown> = {
      htm: method,
      htu: url,
      jti: randomUUID(),
      iat: Math.floor(Date.now() / 1000),
    };
    if (this.nonce !== undefined) claims.nonce = this.nonce;
    if (accessToken !== undefined) claims.ath = createHash('sha256').update(accessToken).digest('base64url');
    const input = `${this.header}.${b64u(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(input), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${b64u(signature)}`;
  }

  /** Keeps the nonce an answer hands out (RFC 9449 §8.2: it rotates). */
  observe(headers: FlowResponse['headers']): void {
    const nonce = headers['dpop-nonce'];
    if (typeof nonce === 'string' && nonce !== '') this.nonce = nonce;
  }
}

/** RFC 9449 §8: the answer asks for the (new) server nonce; the request is to be sent again. */
export const asksForNonce = (status: number, body: string) =>
  (status === 400 || status === 401) && body.includes('use_dpop_nonce');
