/**
 * Counts the OAuth errors the exception filter answers. common imports no feature module: the
 * metrics module provides this token (as its MetricsService); without it nothing is counted.
 */
export abstract class OAuthErrorCounter {
  abstract oauthError(code: string): void;
}
