import type { PendingInteraction } from '../../interaction/pending-interaction';
import type { AuthorizationRequest } from '../request/authorization-request';

/** An interaction started by the authorization endpoint: its request waits for the user. */
export type AuthorizationInteraction = PendingInteraction<AuthorizationRequest>;
