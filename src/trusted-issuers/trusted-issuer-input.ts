import type { JSONWebKeySet } from 'jose';

/** A trusted issuer as an operator gives it. */
export interface TrustedIssuerInput {
  issuer: string;
  jwks?: JSONWebKeySet | null;
  jwksUri?: string | null;
  allowedAudiences?: string[];
  subjectMapping?: string;
  allowedScopes?: string[];
  allowedClientIds?: string[];
}

export type UpdateTrustedIssuerInput = Partial<TrustedIssuerInput>;

/** Every field with a value: what validation sees after defaults or a patch. */
export type TrustedIssuerFields = Required<TrustedIssuerInput>;

export function trustedIssuerDefaults(): Omit<TrustedIssuerFields, 'issuer'> {
  return {
    jwks: null,
    jwksUri: null,
    allowedAudiences: [],
    subjectMapping: 'sub_is_user_id',
    allowedScopes: [],
    allowedClientIds: [],
  };
}

const FIELDS = ['issuer', ...Object.keys(trustedIssuerDefaults())] as (keyof TrustedIssuerFields)[];

/** The fields that were given, and nothing else: an undefined field leaves the stored value alone. */
export function givenFields(input: UpdateTrustedIssuerInput): Partial<TrustedIssuerFields> {
  const fields: Partial<Record<keyof TrustedIssuerFields, unknown>> = {};
  for (const key of FIELDS) if (input[key] !== undefined) fields[key] = input[key];
  return fields as Partial<TrustedIssuerFields>;
}
