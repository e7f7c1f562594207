import type { ModuleRef } from '@nestjs/core';
import type { BrowserSession } from '../session/browser-session.entity';
import type { InteractionStore } from '../store/interaction.store';
import { InteractionEngine } from './interaction-engine';
import { completedStepKey, type InteractionStep, type StepState } from './interaction-step';
import { InteractionSteps } from './interaction-steps';

const session = { id: 's1', userId: 'u1', authTime: new Date(), amr: ['pwd'] } as BrowserSession;
const step = (name: string, due = true): InteractionStep => ({
  name,
  isDue: () => Promise.resolve(due),
  show: () => Promise.resolve(),
  submit: () => Promise.resolve(true),
});
const engineWith = (...steps: InteractionStep[]) => {
  const registry = new InteractionSteps({} as ModuleRef);
  for (const s of steps) registry.register(s);
  return new InteractionEngine(registry, {} as InteractionStore);
};
const state = (kind: StepState['kind'], completedSteps: string[] = [], by = session): StepState => ({
  kind,
  clientId: 'c1',
  session: by,
  completedSteps: completedSteps.map((name) => completedStepKey(name, session.id)),
});

describe('InteractionEngine', () => {
  it('asks for sign-in first, whatever is registered', async () => {
    const engine = engineWith(step('terms'));
    expect(await engine.next({ signInDue: true, consentDue: true }, state('authorization'))).toBe('login');
    expect(await engine.next({ signInDue: false, consentDue: true }, null)).toBe('login');
  });

  it('leaves the flows as they were with no step registered', async () => {
    const engine = engineWith();
    expect(await engine.next({ signInDue: false, consentDue: true }, state('authorization'))).toBe('consent');
    expect(await engine.next({ signInDue: false, consentDue: false }, state('authorization'))).toBe('done');
  });

  it('runs a registered step after sign-in and before consent, in the authorization and the device flow alike', async () => {
    const engine = engineWith(step('terms'));
    for (const kind of ['authorization', 'device'] as const) {
      expect(await engine.next({ signInDue: false, consentDue: true }, state(kind))).toBe('terms');
      expect(await engine.next({ signInDue: false, consentDue: false }, state(kind))).toBe('terms');
      expect(await engine.next({ signInDue: false, consentDue: true }, state(kind, ['terms']))).toBe('consent');
    }
  });

  it('runs the steps in their registered order, skipping those not due', async () => {
    const engine = engineWith(step('second-factor', false), step('password-change'), step('terms'));
    const facts = { signInDue: false, consentDue: true };
    expect(await engine.next(facts, state('device'))).toBe('password-change');
    expect(await engine.next(facts, state('device', ['password-change']))).toBe('terms');
  });

  it('counts a step completed only for the session that completed it: another sign-in goes through it again', async () => {
    const engine = engineWith(step('second-factor'));
    const someoneElse = { ...session, id: 's2', userId: 'u2' } as BrowserSession;
    const facts = { signInDue: false, consentDue: true };
    expect(await engine.next(facts, state('authorization', ['second-factor']))).toBe('consent');
    expect(await engine.next(facts, state('authorization', ['second-factor'], someoneElse))).toBe('second-factor');
    expect(await engine.next(facts, state('device', ['second-factor'], someoneElse))).toBe('second-factor');
  });

  it('refuses a step named like a built-in page, a bad path segment or twice', () => {
    for (const name of ['login', 'consent', 'done', 'Terms', 'a/b', ''])
      expect(() => engineWith(step(name))).toThrow(/not a free lowercase path segment/);
    expect(() => engineWith(step('terms'), step('terms'))).toThrow(/registered twice/);
  });
});
