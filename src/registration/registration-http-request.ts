import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Client } from '../clients/client.entity';
import type { ClientRegistrationRequest } from './client-registration.request';
import { parseRegistrationRequest } from './parse-registration-request';

/** A request to the registration endpoints, with what their guards established. */
export interface RegistrationHttpRequest extends Request {
  /** Set by InitialAccessTokenGuard: the initial access token presented (required or not by the policy). */
  initialAccessToken?: PresentedInitialAccessToken;
  /** Set by RegistrationAccessTokenGuard: the client the registration access token belongs to. */
  registeredClient?: Client;
  /** Set by RegistrationAccessTokenGuard: that token, to echo in the client information response. */
  registrationAccessToken?: string;
}

/** An initial access token, verified: which one (to count its use), and the API scopes it allows. */
export interface PresentedInitialAccessToken {
  id: string;
  scopes: string[] | null;
}

const httpRequest = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<RegistrationHttpRequest>();

/** The client metadata in the request body, parsed and type-checked (invalid_client_metadata otherwise). */
export const RegistrationMetadata = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): ClientRegistrationRequest => parseRegistrationRequest(httpRequest(ctx)),
);

export const InitialAccessToken = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): PresentedInitialAccessToken | undefined => httpRequest(ctx).initialAccessToken,
);

/** The client the registration access token belongs to, and the token (RegistrationAccessTokenGuard). */
export const RegisteredClient = createParamDecorator((_: unknown, ctx: ExecutionContext): PresentedRegistration => {
  const { registeredClient: client, registrationAccessToken: token } = httpRequest(ctx);
  if (!client || !token) throw new Error('RegisteredClient used on a route without RegistrationAccessTokenGuard');
  return { client, registrationAccessToken: token };
});

export interface PresentedRegistration {
  client: Client;
  registrationAccessToken: string;
}
