import type { Environment } from './environment';

/** What an operator may brand on the end-user pages without forking the views. */
export interface Branding {
  name: string;
  logoUrl: string | undefined;
  /** A validated #rrggbb colour, or undefined for the stylesheet's own. */
  primaryColor: string | undefined;
}

export const DEFAULT_BRAND_NAME = 'Sign-in service';

export function brandingFrom(env: Environment): Branding {
  return {
    name: env.BRAND_NAME ?? DEFAULT_BRAND_NAME,
    logoUrl: env.BRAND_LOGO_URL,
    primaryColor: env.BRAND_PRIMARY_COLOR?.toLowerCase(),
  };
}
