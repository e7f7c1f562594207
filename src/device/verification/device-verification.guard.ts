import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { ClientsService } from '../../clients/clients.service';
import { InteractionStore } from '../../interaction/store/interaction.store';
import { DeviceCodeStore } from '../../token/device-codes/device-code.store';
import { DeviceBindings } from './device-binding';
import type { DeviceVerification } from './device-verification';
import { codeNoLongerPending } from './verification-errors';

export type DeviceVerificationRequest = Request & { deviceVerification: DeviceVerification };

/** Loads the device code this browser entered; without one, or once it is answered or expired, an error page. */
@Injectable()
export class DeviceVerificationGuard implements CanActivate {
  constructor(
    private readonly bindings: DeviceBindings,
    private readonly store: DeviceCodeStore,
    private readonly clients: ClientsService,
    private readonly interactions: InteractionStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<DeviceVerificationRequest>();
    const binding = this.bindings.read(req);
    const code = binding && (await this.store.findPending(binding.userCode));
    const client = code && (await this.clients.findById(code.clientId));
    if (!binding || !code || !client) throw codeNoLongerPending();
    const id = this.bindings.interactionIdOf(binding);
    const stored = await this.interactions.findActive(id, 'device');
    const interaction = stored ?? {
      id,
      kind: 'device' as const,
      clientId: client.clientId,
      request: {},
      sessionId: null,
      completedSteps: [],
    };
    req.deviceVerification = { binding, code, client, interaction };
    return true;
  }
}

/** The verification DeviceVerificationGuard loaded. */
export const CurrentDeviceVerification = createParamDecorator(
  (_: unknown, context: ExecutionContext): DeviceVerification =>
    context.switchToHttp().getRequest<DeviceVerificationRequest>().deviceVerification,
);
