import type { AuthorizationRequest } from './authorization-request';

/**
 * The users the request names, or undefined when it names none: the sub of its id_token_hint
 * (OIDC Core §3.1.2.1) and the value or values the claims parameter asks of the sub Claim
 * (§5.5.1). When both name someone, only a user named by both will do.
 */
function namedSubjects(request: AuthorizationRequest): string[][] {
  const named: string[][] = [];
  if (request.idTokenHintSub !== undefined) named.push([request.idTokenHintSub]);
  for (const member of ['id_token', 'userinfo'] as const) {
    const sub = request.claims?.[member]?.sub;
    if (!sub) continue;
    const values = [...(sub.values ?? []), ...(sub.value === undefined ? [] : [sub.value])];
    if (values.length > 0) named.push(values.filter((v): v is string => typeof v === 'string'));
  }
  return named;
}

/**
 * OIDC Core §3.1.2.1 and §5.5.1: a positive response only for the user the request names; any
 * other signed-in user must sign in again as that user (or the request fails with login_required).
 * `subject` is the signed-in user as the client knows them (SubjectIdentifiers, §8): the request
 * names users that way, and the validator accepts only an id_token_hint of a client that does too.
 */
export function isExpectedUser(request: AuthorizationRequest, subject: string): boolean {
  return namedSubjects(request).every((subjects) => subjects.includes(subject));
}

/** Whether the request names the user it is for. */
export function namesUser(request: AuthorizationRequest): boolean {
  return namedSubjects(request).length > 0;
}
