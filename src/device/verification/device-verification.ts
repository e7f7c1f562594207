import type { Client } from '../../clients/client.entity';
import type { PendingInteraction } from '../../interaction/pending-interaction';
import type { DeviceCode } from '../../token/device-codes/device-code.entity';
import type { DeviceBinding } from './device-binding';

/** A device code this browser entered, still waiting for the user's answer. */
export interface DeviceVerification {
  binding: DeviceBinding;
  code: DeviceCode;
  client: Client;
  /** Its interaction: the registered steps completed so far (a row exists once one is). */
  interaction: PendingInteraction;
}
