import { acrOf, meetsAcr } from '../../authenticators/acr';
import type { ClaimRequest, ClaimsParameter } from './claims-parameter';

/**
 * OIDC Core §3.1.2.1: acr_values asks for the acr Claim as a Voluntary Claim, so it joins the
 * claims request as one, unless that already asks for acr in the ID Token.
 */
export function withAcrValues(claims: ClaimsParameter | undefined, acrValues: string[]): ClaimsParameter | undefined {
  if (acrValues.length === 0 || claims?.id_token?.acr !== undefined) return claims;
  return { ...claims, id_token: { ...claims?.id_token, acr: { values: acrValues } } };
}

/**
 * The acr values an Essential acr Claim request insists on (OIDC Core §5.5.1.1), or undefined
 * when any acr will do: not requested, voluntary, or essential without a value.
 */
export function essentialAcrValues(claims: ClaimsParameter | undefined): string[] | undefined {
  const acr: ClaimRequest | undefined = claims?.id_token?.acr;
  if (!acr?.essential) return undefined;
  const values = [...(acr.values ?? []), ...(acr.value === undefined ? [] : [acr.value])];
  if (values.length === 0) return undefined;
  return values.filter((v): v is string => typeof v === 'string');
}

/** Whether a sign-in with these methods meets the request's Essential acr, if it has one. */
export function meetsEssentialAcr(claims: ClaimsParameter | undefined, amr: readonly string[]): boolean {
  const wanted = essentialAcrValues(claims);
  return wanted === undefined || wanted.some((value) => meetsAcr(acrOf(amr), value));
}

/** The acr levels a request asks for (acr_values or the claims parameter), in its order, and whether it insists. */
export function requestedAcr(claims: ClaimsParameter | undefined): { acrValues: string[]; acrEssential: boolean } {
  const acr: ClaimRequest | undefined = claims?.id_token?.acr;
  if (!acr) return { acrValues: [], acrEssential: false };
  const values = [...(acr.values ?? []), ...(acr.value === undefined ? [] : [acr.value])];
  return { acrValues: values.filter((v): v is string => typeof v === 'string'), acrEssential: acr.essential === true };
}
