import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ScimError } from './scim-error';
import type { ScimToken } from './scim-token.entity';
import { ScimTokensService } from './scim-tokens.service';

export type ScimRequest = Request & { scimToken?: ScimToken };

const READ_METHODS = new Set(['GET', 'HEAD']);

/** RFC 7644 §2: bearer authentication; a read-only token may not change anything (403). */
@Injectable()
export class ScimAuthGuard implements CanActivate {
  constructor(private readonly tokens: ScimTokensService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ScimRequest>();
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const token = await this.tokens.verify(match?.[1]);
    if (!READ_METHODS.has(req.method) && token.access !== 'write')
      throw new ScimError(403, 'this SCIM token may only read');
    req.scimToken = token;
    return true;
  }
}
