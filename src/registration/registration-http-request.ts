import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Client } from '../clients/client.entity';
import type { ClientRegistrationRequest } from './client-registration.request';
import { parseRegistrationRequest } from './parse-registration-request';

/** A request to the registration endpoints, with what their guards established. */
export interface RegistrationHttpRequest extends Request {
  /** Set by InitialAccessTokenGuard when the policy requires an initial access token. */
  initialAccessTokenId?: string;
  /** Set by RegistrationAccessTokenGuard: the client the registration access token belongs to. */
  registeredClient?: Client;
}

const httpRequest = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<RegistrationHttpRequest>();

/** The client metadata in the request body, parsed and type-checked (invalid_client_metadata otherwise). */
export const RegistrationMetadata = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): ClientRegistrationRequest => parseRegistrationRequest(httpRequest(ctx)),
);

export const InitialAccessTokenId = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => httpRequest(ctx).initialAccessTokenId,
);

export const RegisteredClient = createParamDecorator((_: unknown, ctx: ExecutionContext): Client => {
  const client = httpRequest(ctx).registeredClient;
  if (!client) throw new Error('RegisteredClient used on a route without RegistrationAccessTokenGuard');
  return client;
});
