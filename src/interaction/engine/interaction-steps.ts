import { Injectable, type OnModuleInit, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CONSENT_STEP, DONE, type InteractionStep, SIGN_IN_STEP } from './interaction-step';

/**
 * The steps every browser flow runs between sign-in and consent, in this order. Adding one is
 * writing its class and naming it here; InteractionModule provides it.
 */
export const REGISTERED_STEPS: Type<InteractionStep>[] = [];

const NAME = /^[a-z][a-z0-9-]{0,31}$/;
const RESERVED = new Set([SIGN_IN_STEP, CONSENT_STEP, DONE]);

/** The registered steps, checked at start: a bad or repeated name stops the boot. */
@Injectable()
export class InteractionSteps implements OnModuleInit {
  private readonly steps: InteractionStep[] = [];

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    for (const type of REGISTERED_STEPS) this.register(this.moduleRef.get(type, { strict: false }));
  }

  /** Also for a module that provides a step of its own (in its onModuleInit). */
  register(step: InteractionStep): void {
    if (!NAME.test(step.name) || RESERVED.has(step.name))
      throw new Error(`Interaction step name ${JSON.stringify(step.name)} is not a free lowercase path segment`);
    if (this.find(step.name)) throw new Error(`Interaction step ${step.name} is registered twice`);
    this.steps.push(step);
  }

  all(): readonly InteractionStep[] {
    return this.steps;
  }

  find(name: string): InteractionStep | undefined {
    return this.steps.find((s) => s.name === name);
  }
}
