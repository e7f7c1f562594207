import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { User } from '../../users/user.entity';

/** What a login method other than the password concluded: a user and how they signed in, or what to say. */
export type LoginMethodOutcome =
  | { ok: true; user: User; /** RFC 8176 values for the session. */ amr: string[] }
  | { ok: false; reason: 'refused'; status: number; message: string };

/**
 * A way to sign in on the login page other than a password (a passkey): its part of the page
 * posts the flow's own login form, CSRF token included, with `field` instead of login and
 * password. So every flow that shows the login page takes it, with its own guards, and goes
 * on exactly as after a password.
 */
export interface LoginMethod {
  /** The form field that carries its proof; lowercase, unique. */
  readonly field: string;
  authenticate(req: Request): Promise<LoginMethodOutcome>;
}

/** The login methods besides the password; a module that offers one registers it here (no import cycle). */
@Injectable()
export class LoginMethods {
  private readonly methods: LoginMethod[] = [];

  register(method: LoginMethod): void {
    if (this.methods.some((m) => m.field === method.field))
      throw new Error(`Login method ${method.field} is registered twice`);
    this.methods.push(method);
  }

  /** The outcome of the method the posted form chose; null when it chose none (a password form). */
  async authenticate(req: Request): Promise<LoginMethodOutcome | null> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const method = this.methods.find((m) => body[m.field] !== undefined);
    return method ? method.authenticate(req) : null;
  }
}
