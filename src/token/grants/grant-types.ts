import { GRANT_TYPES } from './grant-handlers';
import { grantTypesFor, responseTypesOf } from './response-types';

/**
 * The grant types' declarations as plain values, for what is built before the application is
 * (admin DTO decorators, the console form, registration rules). At run time GrantRegistry serves
 * the same declarations.
 */
export { GRANT_TYPES };

export const GRANT_TYPE_NAMES: readonly string[] = GRANT_TYPES.map((g) => g.grantType);

/** Every response type some grant goes with. */
export const RESPONSE_TYPE_NAMES: readonly string[] = responseTypesOf(GRANT_TYPES);

/** OIDC Registration §2: the grant types a client must be registered for to use a response type. */
export const grantTypesForResponseType = (responseType: string): string[] => grantTypesFor(GRANT_TYPES, responseType);

export { canonicalResponseType, returnsFrontChannelAccessToken } from './response-types';
