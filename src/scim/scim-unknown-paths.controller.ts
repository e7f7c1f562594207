import { All, Controller, Req } from '@nestjs/common';
import type { Request } from 'express';
import { notFound } from './scim-error';
import { ScimEndpoint } from './scim-pages.decorator';
import { SCIM_PATH } from './scim-schemas';

/**
 * Any other path or method under /scim/v2: 404 as a SCIM error (RFC 7644 §3.12), not Nest's
 * not-found in the OAuth shape. Registered after the other SCIM controllers, whose routes Express
 * tries first.
 */
@ScimEndpoint()
@Controller(SCIM_PATH.slice(1))
export class ScimUnknownPathsController {
  @All('*path')
  unknown(@Req() req: Request): never {
    throw notFound(`no ${req.method} ${req.path} in SCIM`);
  }
}
