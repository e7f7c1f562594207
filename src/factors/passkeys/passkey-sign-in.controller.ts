import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { PasskeySignIn } from './passkey-sign-in';

/**
 * The login page's passkey challenge (public/passkey-sign-in.js asks on every visit). Nothing is
 * stored until a challenge is answered (PasskeyChallenges), so asking costs no row.
 */
@ApiExcludeController()
@Controller('passkeys/sign-in')
export class PasskeySignInController {
  constructor(private readonly signIn: PasskeySignIn) {}

  @Get('options')
  @Header('Cache-Control', 'no-store')
  options(): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.signIn.options();
  }
}
