import { SECURITY_PAGE } from '../account/security-page.controller';

/**
 * Back to the "Sign-in methods" page after a form of one of its sections: the outcome as the
 * page's `saved` or `problem` (which the section's partial words), the sign-in to return to
 * kept, and the section in view.
 */
export function securityPageLink(
  issuer: string,
  section: string,
  outcome: { saved?: string; problem?: string; returnTo?: string },
): string {
  const url = new URL(`${issuer}${SECURITY_PAGE}`);
  if (outcome.saved) url.searchParams.set('saved', outcome.saved);
  if (outcome.problem) url.searchParams.set('problem', outcome.problem);
  if (outcome.returnTo) url.searchParams.set('return_to', outcome.returnTo);
  url.hash = section;
  return url.href;
}
