import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ClientAuthenticator } from '../../clients/client-authenticator';
import type { Client } from '../../clients/client.entity';
import { OAuthErrors } from '../../common/errors/oauth-error';
import { AppConfig } from '../../config/app-config';
import { DeviceConfig } from '../../config/device.config';
import { violatedUniqueConstraint } from '../../database/postgres-errors';
import { readParameters } from '../../token/endpoint/token-request-params';
import { TOKEN_PATH } from '../../token/endpoint/token-request.pipeline';
import { hashToken, newOpaqueToken } from '../../token/opaque-token';
import { readResourceParameter, RESOURCE_PARAMETER } from '../../token/resources/resource-parameter';
import { ResourcePolicy } from '../../token/resources/resource-policy';
import { parseScope } from '../../token/scope/scope-parameter';
import { ScopePolicy } from '../../token/scope/scope-policy';
import { DEVICE_CODE_GRANT_TYPE } from '../../token/grants/device-code.grant-type';
import { DEVICE_AUTHORIZATION_PATH, DEVICE_VERIFICATION_PATH } from '../device-paths';
import { DeviceCodeStore } from '../../token/device-codes/device-code.store';
import { formatUserCode, newUserCode } from '../user-code';
import type { DeviceAuthorizationResponse } from './device-authorization-response';

const ACCEPTED_MEDIA_TYPES = ['application/x-www-form-urlencoded', 'application/json'];
// A collision needs one of ~2.6·10^10 codes to be live twice; three tries is plenty.
const USER_CODE_ATTEMPTS = 3;

/** RFC 8628 §3.1–3.2: a device asks for a device code and a user code. */
@Injectable()
export class DeviceAuthorizationService {
  private readonly audience: string[];
  private readonly verificationUri: string;

  constructor(
    private readonly authenticator: ClientAuthenticator,
    private readonly scopes: ScopePolicy,
    private readonly store: DeviceCodeStore,
    private readonly settings: DeviceConfig,
    private readonly resources: ResourcePolicy,
    config: AppConfig,
  ) {
    // RFC 7523 §3: a client assertion's aud may name this endpoint, the token endpoint or the issuer.
    this.audience = [`${config.issuer}${DEVICE_AUTHORIZATION_PATH}`, `${config.issuer}${TOKEN_PATH}`, config.issuer];
    this.verificationUri = `${config.issuer}${DEVICE_VERIFICATION_PATH}`;
  }

  /**
   * §3.1: the client authenticates as at the token endpoint (public clients send client_id
   * alone), must be registered for the device_code grant, and may name a scope and, as at the
   * authorization endpoint, resources (RFC 8707 §2).
   */
  async authorize(req: Request): Promise<DeviceAuthorizationResponse> {
    // §3.1: form-encoded; JSON is accepted as at the token endpoint.
    if (!req.is(ACCEPTED_MEDIA_TYPES))
      throw OAuthErrors.invalidRequest('the device authorization request must be application/x-www-form-urlencoded');
    const client = await this.authenticator.authenticate(req, this.audience);
    const values = readParameters(req.body ?? {});
    if (!client.grantTypes.includes(DEVICE_CODE_GRANT_TYPE))
      throw OAuthErrors.unauthorizedClient('this client is not registered for the device_code grant');
    const resources = await this.resources.requestable(
      readResourceParameter((req.body as Record<string, unknown> | undefined)?.[RESOURCE_PARAMETER]),
      client,
    );
    const scope = await this.resources.scopeFor(resources, await this.scopeOf(values.get('scope'), client));

    const deviceCode = newOpaqueToken();
    const userCode = await this.saveWithNewUserCode(deviceCode, client, scope, resources);
    const shown = formatUserCode(userCode);
    return {
      device_code: deviceCode,
      user_code: shown,
      verification_uri: this.verificationUri,
      verification_uri_complete: `${this.verificationUri}?user_code=${shown}`,
      expires_in: this.settings.codeTtl,
      interval: this.settings.pollingInterval,
    };
  }

  /** RFC 6749 §3.3: the requested scope narrowed to the client's (ScopePolicy.grantable), or its default scopes. */
  private async scopeOf(value: string | undefined, client: Client): Promise<string[]> {
    const requested = value === undefined ? [] : parseScope(value);
    if (requested.length === 0) return client.defaultScopes;
    return this.scopes.grantable(requested, client);
  }

  /** Stores the device code's hash with a fresh user code, drawing again on the rare collision. */
  private async saveWithNewUserCode(
    deviceCode: string,
    client: Client,
    scope: string[],
    resources: string[],
  ): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const userCode = newUserCode();
      try {
        await this.store.insert({
          deviceCodeHash: hashToken(deviceCode),
          userCode,
          clientId: client.clientId,
          scope,
          resources,
          intervalSeconds: this.settings.pollingInterval,
          expiresAt: new Date(Date.now() + this.settings.codeTtl * 1000),
        });
        return userCode;
      } catch (error) {
        if (violatedUniqueConstraint(error) !== 'device_codes_user_code_key' || attempt === USER_CODE_ATTEMPTS)
          throw error;
      }
    }
  }
}
