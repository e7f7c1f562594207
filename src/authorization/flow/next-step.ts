import type { ConsentPolicy } from '../../clients/client.entity';
import type { PromptValue } from '../request/prompt';

export type NextStep = 'login' | 'consent' | 'issue';

export interface StepFacts {
  prompt: readonly PromptValue[];
  maxAge?: number;
  /** The browser's session, if it is signed in as an enabled user. */
  session: { authTime: Date } | null;
  /** The user signed in during this very request, so prompt=login and max_age are satisfied. */
  signedInHere: boolean;
  consentPolicy: ConsentPolicy;
  /** A remembered consent covers every requested scope. */
  consentRemembered: boolean;
  now: Date;
}

/** What an authorization request still needs before a code can be issued. */
export function nextStep(f: StepFacts): NextStep {
  if (!f.session) return 'login';
  if (!f.signedInHere) {
    // OIDC Core §3.1.2.1 prompt=login and select_account (the login page lets the user switch).
    // prompt=create: the sign-up page, reached from the login step.
    if (f.prompt.includes('login') || f.prompt.includes('select_account') || f.prompt.includes('create'))
      return 'login';
    // OIDC Core §3.1.2.1 max_age: re-authenticate once the sign-in is older; 0 always does.
    if (f.maxAge !== undefined) {
      const elapsedSeconds = (f.now.getTime() - f.session.authTime.getTime()) / 1000;
      if (f.maxAge === 0 || elapsedSeconds > f.maxAge) return 'login';
    }
  }
  // OIDC Core §3.1.2.1 prompt=consent asks even a client whose policy skips consent.
  if (f.prompt.includes('consent')) return 'consent';
  if (f.consentPolicy === 'skip') return 'issue';
  if (f.consentPolicy === 'always') return 'consent';
  return f.consentRemembered ? 'issue' : 'consent';
}
