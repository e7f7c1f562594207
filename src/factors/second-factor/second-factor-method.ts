import type { Request } from 'express';

/** What a method's verification of the second-factor form concluded. */
export type SecondFactorResult =
  | {
      ok: true;
      /** RFC 8176 values the method adds to the session's amr (src/authenticators/acr.ts AMR). */ amr: string[];
    }
  | {
      ok: false;
      /** Shown on the page, in the user's language (a locales/ key's text). */ message: string;
      status: number;
    };

/**
 * One way to prove a second factor on the second-factor step's page (one-time code, recovery
 * code, passkey). The step offers every method the user has enrolled, in registration order;
 * a module providing one registers it with SecondFactorMethods in its onModuleInit.
 */
export interface SecondFactorMethod {
  /** The value of the form's `method` field that selects it: lowercase, unique. */
  readonly name: string;
  /**
   * The acr a password sign-in reaches with it (src/authenticators/acr.ts): MULTI_FACTOR_ACR
   * for codes, PHISHING_RESISTANT_ACR for a passkey. A sign-in that must reach a level is
   * offered only the methods that reach it.
   */
  readonly reaches: string;
  /** A way back in (recovery codes): counts only beside another method, so not asked without one. */
  readonly backup?: boolean;
  /** Whether this user can use it now (has enrolled it, has codes left). */
  isEnrolled(userId: string): Promise<boolean>;
  /**
   * isEnrolled as an SQL boolean expression of the user's id `$1`, written by the module owning
   * the tables it reads: every sign-in asks whether a second factor is due, and
   * SecondFactorMethods asks all the methods that have one in a single statement.
   */
  readonly enrolledSql?: string;
  /** What its part of the page needs (a WebAuthn challenge, say); merged into the page's view under its name. */
  pageData(req: Request, userId: string): Promise<Record<string, unknown>>;
  /** The form, CSRF already checked, for the signed-in `userId`. */
  verify(req: Request, userId: string): Promise<SecondFactorResult>;
  /** Removes everything `userId` enrolled of it (an administrator's reset); how many were removed. */
  removeAll(userId: string): Promise<number>;
}
