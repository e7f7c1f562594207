import { OAuthErrors } from '../../common/errors/oauth-error';

/**
 * RFC 8693 §4.1 act: the party acting for the token's subject. A chain of delegation nests:
 * the current actor at the top, the least recent one deepest.
 */
export interface ActorClaim {
  sub: string;
  /** The client the actor's token was issued to, when there is one. */
  client_id?: string;
  act?: ActorClaim;
}

// Each exchange adds one level; a chain this long is a loop, not a business process.
const MAX_CHAIN = 10;

/** The act of a token delegated to `actor` from a subject that may carry a chain already. */
export function delegatedTo(actor: Omit<ActorClaim, 'act'>, prior: ActorClaim | undefined): ActorClaim {
  if (prior && chainLength(prior) >= MAX_CHAIN)
    throw OAuthErrors.invalidRequest(`the delegation chain of the subject_token is longer than ${MAX_CHAIN}`);
  return prior ? { ...actor, act: prior } : { ...actor };
}

/** The act claim of a token this server signed, if it has a well-formed one. */
export function readActorClaim(value: unknown): ActorClaim | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { sub, client_id: clientId, act } = value as Record<string, unknown>;
  if (typeof sub !== 'string') return undefined;
  const claim: ActorClaim = { sub };
  if (typeof clientId === 'string') claim.client_id = clientId;
  const prior = readActorClaim(act);
  if (prior) claim.act = prior;
  return claim;
}

function chainLength(claim: ActorClaim): number {
  let length = 0;
  for (let c: ActorClaim | undefined = claim; c; c = c.act) length++;
  return length;
}
