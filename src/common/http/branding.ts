import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, Request, Response } from 'express';
import type { BrandingConfig } from '../../config/branding.config';

const ONE_HOUR = 3600;

/**
 * The operator's brand on every end-user page without forking the views: the layout reads
 * `brand` from the app's view locals; the colour comes as a stylesheet of its own, since the
 * pages' Content-Security-Policy allows no inline style. Also the favicon every browser asks for.
 */
export function installBranding(http: NestExpressApplication, branding: BrandingConfig, publicDir: string): void {
  const app = http.getHttpAdapter().getInstance() as Express;
  app.locals.brand = { name: branding.name, logoUrl: branding.logoUrl, primaryColor: branding.primaryColor };
  // A validated #rrggbb (config/branding.config.ts): nothing else reaches the stylesheet.
  const css = branding.primaryColor ? `:root {\n  --accent: ${branding.primaryColor};\n}\n` : '';
  app.get('/assets/brand.css', (_req: Request, res: Response) => {
    res.type('text/css').set('Cache-Control', `public, max-age=${ONE_HOUR}`).send(css);
  });
  app.get('/favicon.ico', (_req: Request, res: Response) => {
    res.type('image/svg+xml').set('Cache-Control', `public, max-age=${ONE_HOUR}`);
    res.sendFile(join(publicDir, 'favicon.svg'));
  });
}
