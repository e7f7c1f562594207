import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConsoleAuthenticator } from './console-authenticator';
import type { ConsoleRequest } from './console-principal';

/** Thrown for a console page opened without a console session: the page filter sends the browser to sign in. */
export class ConsoleSignInRequired extends Error {
  constructor() {
    super('sign in to the admin console');
    this.name = 'ConsoleSignInRequired';
  }
}

/** Lets in a request with a live console session and puts its principal on req.console. */
@Injectable()
export class ConsoleAuthGuard implements CanActivate {
  constructor(private readonly authenticator: ConsoleAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ConsoleRequest>();
    const principal = await this.authenticator.principalOf(req);
    if (!principal) throw new ConsoleSignInRequired();
    req.console = principal;
    return true;
  }
}
