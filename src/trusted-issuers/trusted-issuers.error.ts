export enum TrustedIssuersErrorCode {
  InvalidTrustedIssuer = 'invalid_trusted_issuer',
  TrustedIssuerNotFound = 'trusted_issuer_not_found',
  IssuerTaken = 'issuer_taken',
}

/** What the trusted issuers module refuses; the admin API maps each code to HTTP. */
export class TrustedIssuersError extends Error {
  constructor(
    readonly code: TrustedIssuersErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TrustedIssuersError';
  }
}
