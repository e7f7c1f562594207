import type { TrustedIssuer } from '../../trusted-issuers/trusted-issuer.entity';
import type { UpdateTrustedIssuerInput } from '../../trusted-issuers/trusted-issuer-input';
import type { TrustedIssuerDto, UpdateTrustedIssuerDto } from './trusted-issuer.dto';

export function toTrustedIssuerDto(i: TrustedIssuer): TrustedIssuerDto {
  return {
    id: i.id,
    issuer: i.issuer,
    jwks_uri: i.jwksUri,
    jwks: i.jwks,
    allowed_audiences: i.allowedAudiences,
    subject_mapping: i.subjectMapping,
    allowed_scopes: i.allowedScopes,
    allowed_client_ids: i.allowedClientIds,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
  };
}

/** The fields of a request under the trusted issuers module's names; left-out fields stay undefined. */
export function toTrustedIssuerInput(d: UpdateTrustedIssuerDto): UpdateTrustedIssuerInput {
  return {
    issuer: d.issuer,
    jwks: d.jwks,
    jwksUri: d.jwks_uri,
    allowedAudiences: d.allowed_audiences,
    subjectMapping: d.subject_mapping,
    allowedScopes: d.allowed_scopes,
    allowedClientIds: d.allowed_client_ids,
  };
}
