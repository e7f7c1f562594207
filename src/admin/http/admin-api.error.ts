import { OAuthError, type OAuthErrorOptions } from '../../common/errors/oauth-error';

/**
 * An admin API error: the usual error body plus details a program can act on, such as the
 * invalid fields of a request or the domain code of a refusal. The global filter renders it
 * through toJSON, like every OAuthError.
 */
export class AdminApiError extends OAuthError {
  constructor(
    error: string,
    description: string,
    private readonly extra: Record<string, unknown>,
    options: OAuthErrorOptions = {},
  ) {
    super(error, description, options);
  }

  /** Not OAuth's protocol: the names it quotes (a client's, a group's) keep their letters. */
  protected override descriptionText(description: string): string {
    return description;
  }

  override toJSON(): { error: string; error_description?: string } {
    return this.expose ? { ...super.toJSON(), ...this.extra } : super.toJSON();
  }
}
