import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { configSlice } from './config-slice';
import { emptyToUndefined } from './variable-transforms';

/** The end-user pages' branding variables (docs/configuration.md). */
export class BrandingVariables {
  /** Shown on every end-user page (title, header) instead of the default. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MaxLength(60)
  @Matches(/^[^<>]*$/, { message: 'BRAND_NAME must not contain < or >' })
  BRAND_NAME?: string;

  /** An https image (the pages' Content-Security-Policy allows https: images), shown above each page. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['https'] })
  BRAND_LOGO_URL?: string;

  /** Buttons and links; a 6-digit hex colour, e.g. #0a7d32. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'BRAND_PRIMARY_COLOR must be a hex colour like #0a7d32' })
  BRAND_PRIMARY_COLOR?: string;
}

export const DEFAULT_BRAND_NAME = 'Sign-in service';

/** What an operator may brand on the end-user pages (and mail) without forking the views. */
export class BrandingConfig {
  constructor(
    readonly name: string,
    readonly logoUrl: string | undefined,
    /** A validated #rrggbb colour, or undefined for the stylesheet's own. */
    readonly primaryColor: string | undefined,
  ) {}
}

export const BRANDING_CONFIG = configSlice({
  variables: BrandingVariables,
  type: BrandingConfig,
  settings: (v) =>
    new BrandingConfig(v.BRAND_NAME ?? DEFAULT_BRAND_NAME, v.BRAND_LOGO_URL, v.BRAND_PRIMARY_COLOR?.toLowerCase()),
});
