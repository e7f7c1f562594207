import { Injectable } from '@nestjs/common';
import type { Client } from '../../clients/client.entity';
import { OAuthError, OAuthErrors } from '../../common/errors/oauth-error';
import { UsedJtiStore } from '../../common/replay/used-jti.store';
import { AppConfig } from '../../config/app-config';
import { dpopHeaderOf, type DpopRequest } from './dpop-header';
import { DpopNonces } from './dpop-nonce';
import { requiresDpop } from './dpop-policy';
import { FAPI2_DPOP_SIGNING_ALGS } from './dpop-algs';
import { checkDpopProof, PROOF_MAX_AGE_S, type CheckedDpopProof } from './dpop-proof';

export const DPOP_NONCE_HEADER = 'DPoP-Nonce';

export interface ResourceProofRequest extends DpopRequest {
  method: string;
}

/**
 * RFC 9449 §4.3 in full: the proof itself (checkDpopProof), a server-provided nonce (§8) and a
 * jti seen once (§11.1), kept in Postgres (used_jtis) for as long as the proof's iat is accepted,
 * so a proof used on one replica is refused on every other.
 */
@Injectable()
export class DpopProofVerifier {
  private readonly nonces: DpopNonces;

  constructor(
    private readonly usedJtis: UsedJtiStore,
    private readonly config: AppConfig,
  ) {
    this.nonces = new DpopNonces(config.keyEncryptionSecret);
  }

  /** The nonce to hand out now (RFC 9449 §8.2: every response to a DPoP request carries it). */
  currentNonce(): string {
    return this.nonces.current();
  }

  /**
   * The token request's proof (RFC 9449 §5); undefined when there is none and the client may do
   * without, at the cost of reading one header.
   */
  async forTokenRequest(req: DpopRequest, client: Client, path: string): Promise<CheckedDpopProof | undefined> {
    const proof = dpopHeaderOf(req);
    if (proof === undefined) {
      // Missing, not invalid (RFC 9449 §12.3 invalid_dpop_proof): a required part of the request is
      // absent (RFC 6749 §5.2 invalid_request), as node-oidc-provider answers and the FAPI 2.0
      // conformance suite's refresh test expects.
      if (requiresDpop(client))
        throw OAuthErrors.invalidRequest('this client must send a DPoP proof with its token requests');
      return undefined;
    }
    const checked = await this.verify(proof, { method: 'POST', url: `${this.config.issuer}${path}` });
    assertProfileAlg(checked, client.fapi2SecurityProfile);
    return checked;
  }

  /** RFC 9449 §10.1: a proof sent with a pushed authorization request (optional there); undefined without one. */
  async forPushedRequest(req: DpopRequest, client: Client, path: string): Promise<CheckedDpopProof | undefined> {
    const proof = dpopHeaderOf(req);
    if (proof === undefined) return undefined;
    const checked = await this.verify(proof, { method: 'POST', url: `${this.config.issuer}${path}` });
    assertProfileAlg(checked, client.fapi2SecurityProfile);
    return checked;
  }

  /**
   * At a resource (RFC 9449 §7.1): a DPoP-bound token needs a proof by its key, with ath. Errors
   * are 401 with a DPoP challenge.
   */
  async forResource(
    req: ResourceProofRequest,
    path: string,
    accessToken: string,
    jkt: string,
    options: { fapi2?: boolean } = {},
  ): Promise<void> {
    try {
      const proof = dpopHeaderOf(req);
      if (proof === undefined) throw OAuthErrors.invalidDpopProof('a DPoP proof is required with a DPoP-bound token');
      const checked = await this.verify(proof, {
        method: req.method,
        url: `${this.config.issuer}${path}`,
        accessToken,
      });
      // §7.1: the proof's key must be the one the token is bound to.
      if (checked.jkt !== jkt)
        throw OAuthErrors.invalidDpopProof('the DPoP proof is signed by another key than the token is bound to');
      assertProfileAlg(checked, options.fapi2 === true);
    } catch (error) {
      throw asResourceError(error);
    }
  }

  private async verify(
    proof: string,
    expected: { method: string; url: string; accessToken?: string },
  ): Promise<CheckedDpopProof> {
    const checked = await checkDpopProof(proof, expected);
    // §8: a nonce is required; one missing or stale gets the current one to retry with.
    if (checked.nonce === undefined || !this.nonces.isValid(checked.nonce))
      throw OAuthErrors.useDpopNonce(
        checked.nonce === undefined ? 'the DPoP proof must carry the server nonce' : 'the DPoP nonce is stale',
        { headers: { [DPOP_NONCE_HEADER]: this.nonces.current() } },
      );
    // §11.1: the jti is kept while the proof's iat would still be accepted.
    const usableUntil = new Date((checked.iat + PROOF_MAX_AGE_S + 1) * 1000);
    if (!(await this.usedJtis.consume(`dpop:${checked.jkt}:${checked.jti}`, usableUntil)))
      throw OAuthErrors.invalidDpopProof('the DPoP proof was already used (jti replay)');
    return checked;
  }
}

/** FAPI 2.0 Security Profile §5.4: a FAPI 2.0 client's proofs are PS256, ES256 or EdDSA, never RS256. */
function assertProfileAlg(checked: CheckedDpopProof, fapi2: boolean): void {
  if (fapi2 && !FAPI2_DPOP_SIGNING_ALGS.includes(checked.alg))
    throw OAuthErrors.invalidDpopProof(
      `a FAPI 2.0 client's DPoP proofs are signed with ${FAPI2_DPOP_SIGNING_ALGS.join(', ')}, not ${checked.alg}`,
    );
}

/** RFC 9449 §7.1: a resource answers proof errors with 401 and a DPoP challenge. */
export function asResourceError(error: unknown): unknown {
  if (!(error instanceof OAuthError) || error.redirect) return error;
  return new OAuthError(error.error, error.errorDescription, {
    status: 401,
    challenge: 'DPoP',
    headers: error.headers,
  });
}
