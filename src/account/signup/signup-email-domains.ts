/** signup_email_domains: whether a self-registered account may have this address (none listed: any). */
export function signupDomainAllows(email: string, domains: readonly string[]): boolean {
  if (domains.length === 0) return true;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return domains.includes(domain);
}

/** What the sign-up and address forms say when it does not. */
export const SIGNUP_DOMAIN_PROBLEM = 'Accounts can only be created with an address of {domains}.';
