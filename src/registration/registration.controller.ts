import { Controller, Delete, Get, Header, HttpCode, Post, Put, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ClientRegistrationRequest } from './client-registration.request';
import type { ClientInformationResponse } from './client-registration.response';
import { ClientRegistrationService } from './client-registration.service';
import { InitialAccessTokenGuard } from './initial-access-token.guard';
import { RegistrationAccessTokenGuard } from './registration-access-token.guard';
import {
  InitialAccessToken,
  RegisteredClient,
  RegistrationMetadata,
  type PresentedInitialAccessToken,
  type PresentedRegistration,
} from './registration-http-request';

/**
 * RFC 7591 §3 registration endpoint and RFC 7592 §2 client configuration endpoint. Every
 * answer may carry a secret or a token, so none may be cached (RFC 7591 §3.2.1).
 */
@ApiExcludeController()
@Controller('oauth2/register')
export class RegistrationController {
  constructor(private readonly registration: ClientRegistrationService) {}

  @Post()
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @UseGuards(InitialAccessTokenGuard)
  register(
    @RegistrationMetadata() metadata: ClientRegistrationRequest,
    @InitialAccessToken() initialAccessToken: PresentedInitialAccessToken | undefined,
  ): Promise<ClientInformationResponse> {
    return this.registration.register(metadata, initialAccessToken);
  }

  @Get(':clientId')
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @UseGuards(RegistrationAccessTokenGuard)
  read(@RegisteredClient() registration: PresentedRegistration): ClientInformationResponse {
    return this.registration.read(registration);
  }

  @Put(':clientId')
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @UseGuards(RegistrationAccessTokenGuard)
  update(
    @RegisteredClient() registration: PresentedRegistration,
    @RegistrationMetadata() metadata: ClientRegistrationRequest,
  ): Promise<ClientInformationResponse> {
    return this.registration.update(registration, metadata);
  }

  @Delete(':clientId')
  @HttpCode(204)
  @Header('Cache-Control', 'no-store')
  @UseGuards(RegistrationAccessTokenGuard)
  delete(@RegisteredClient() { client }: PresentedRegistration): Promise<void> {
    return this.registration.delete(client);
  }
}
