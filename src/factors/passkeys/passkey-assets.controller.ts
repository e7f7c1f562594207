import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

/** @simplewebauthn/browser's UMD bundle (window.SimpleWebAuthnBrowser), from the installed package. */
const BUNDLE = join(dirname(require.resolve('@simplewebauthn/browser')), '..', 'dist', 'bundle', 'index.umd.min.js');

/**
 * The browser half of the WebAuthn ceremonies, served by this server itself (the pages' CSP
 * allows this origin's scripts only, and a sign-in page should not depend on a CDN). The page
 * scripts that use it are public/passkey-*.js.
 */
@ApiExcludeController()
@Controller('passkeys')
export class PasskeyAssetsController {
  private readonly bundle = readFileSync(BUNDLE);

  @Get('simplewebauthn-browser.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  browserLibrary(@Res() res: Response): void {
    res.send(this.bundle);
  }
}
