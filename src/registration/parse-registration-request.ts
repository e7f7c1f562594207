import { validateSync, type ValidationError } from 'class-validator';
import type { Request } from 'express';
import { OAuthErrors } from '../common/errors/oauth-error';
import { ClientRegistrationRequest, REGISTRATION_REQUEST_FIELDS } from './client-registration.request';
import { nestedDeeperThan } from '../common/http/json-nesting';

// Deep enough for a JWK Set with certificate chains ({ jwks: { keys: [{ x5c: [] }] } } is 4).
const MAX_DEPTH = 8;

/**
 * The client metadata of a registration or update request. RFC 7591 §3.1: it is a JSON
 * object sent as application/json; members this server does not know are ignored (§2).
 */
export function parseRegistrationRequest(req: Pick<Request, 'is' | 'body'>): ClientRegistrationRequest {
  if (!req.is('application/json'))
    throw OAuthErrors.invalidRequest('client metadata must be sent as application/json (RFC 7591 §3.1)');
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw OAuthErrors.invalidClientMetadata('the request body must be a JSON object of client metadata');
  if (nestedDeeperThan(body, MAX_DEPTH))
    throw OAuthErrors.invalidClientMetadata(`the request body is nested more than ${MAX_DEPTH} levels deep`);

  const request = new ClientRegistrationRequest();
  const given = request as Record<string, unknown>;
  for (const field of REGISTRATION_REQUEST_FIELDS) {
    if (Object.hasOwn(body, field)) given[field] = (body as Record<string, unknown>)[field];
  }
  const [error] = validateSync(request, { forbidUnknownValues: false });
  if (error) throw OAuthErrors.invalidClientMetadata(firstProblem(error));
  return request;
}

// A wrong JSON type explains the other failures of the same member, so it is named first.
const TYPE_CONSTRAINTS = ['isArray', 'isObject', 'isString'];

function firstProblem(error: ValidationError): string {
  const constraints = error.constraints ?? {};
  const type = TYPE_CONSTRAINTS.find((name) => name in constraints);
  return (type ? constraints[type] : Object.values(constraints)[0]) ?? `${error.property} is invalid`;
}
