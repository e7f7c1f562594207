import { OAuthErrors } from '../../common/errors/oauth-error';

// create: Initiating User Registration via OpenID Connect 1.0 (the sign-up page first).
export const PROMPT_VALUES = ['none', 'login', 'consent', 'select_account', 'create'] as const;
export type PromptValue = (typeof PROMPT_VALUES)[number];

/**
 * OIDC Core §3.1.2.1 prompt: space-delimited values; `none` must stand alone. An unknown value
 * is refused rather than ignored, so an RP asking for something we cannot do learns it.
 */
export function parsePrompt(value: string | undefined): PromptValue[] {
  if (value === undefined) return [];
  const values = [...new Set(value.split(' ').filter((v) => v !== ''))];
  const unknown = values.find((v) => !(PROMPT_VALUES as readonly string[]).includes(v));
  if (unknown !== undefined) throw OAuthErrors.invalidRequest(`unsupported prompt value ${JSON.stringify(unknown)}`);
  if (values.includes('none') && values.length > 1)
    throw OAuthErrors.invalidRequest('prompt=none cannot be combined with other prompt values');
  return values as PromptValue[];
}
