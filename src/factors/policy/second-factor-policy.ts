import { Injectable } from '@nestjs/common';
import { acrOf, meetsAcr, MULTI_FACTOR_ACR, SINGLE_FACTOR_ACR } from '../../authenticators/acr';
import { mustUseSecondFactor } from '../../authenticators/second-factor-requirement';
import { ClientsService } from '../../clients/clients.service';
import type { StepState } from '../../interaction/engine/interaction-step';
import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import { AccessClaimsService } from '../../users/access/access-claims.service';
import { AccountSettingsService } from '../../users/settings/account-settings.service';
import { SessionService } from '../../interaction/session/session.service';
import type { SecondFactorMethod } from '../second-factor/second-factor-method';
import { SecondFactorMethods } from '../second-factor/second-factor-methods';

/** What a signed-in interaction still needs of second factors. */
export type SecondFactorNeed =
  /** Nothing: the session already reaches what is asked, or nothing more is asked. */
  | { kind: 'none' }
  /** A factor the user has: prove one of `methods` (they reach `acr`). */
  | { kind: 'prove'; acr: string; methods: SecondFactorMethod[] }
  /** A factor the user has not set up yet: enrol one that reaches `acr`. */
  | { kind: 'enrol'; acr: string };

/**
 * When a sign-in needs a second factor (docs/second-factors.md): whenever the user has one set
 * up; when the client (require_mfa) or the operator (mfa_required) asks for one; and when the
 * client asks for a higher acr. A voluntary acr request is met as well as the user's factors
 * allow; an essential one the user cannot reach yet takes them through enrolment.
 */
@Injectable()
export class SecondFactorPolicy {
  /**
   * One request asks several times (each step's isDue, then its page): the answer is kept with
   * the session object the request holds, for the same facts (a step-up changes its amr).
   */
  private readonly answered = new WeakMap<BrowserSession, Map<string, Promise<SecondFactorNeed>>>();
  /**
   * The user's methods, asked once per session object, whatever the facts: a step-up in the
   * request (the second-factor form, then the next step's isDue) changes the amr, not what the
   * user has enrolled, which only the account pages change, in requests of their own.
   */
  private readonly enrolled = new WeakMap<BrowserSession, Promise<SecondFactorMethod[]>>();

  constructor(
    private readonly methods: SecondFactorMethods,
    private readonly clients: ClientsService,
    private readonly settings: AccountSettingsService,
    private readonly access: AccessClaimsService,
    private readonly sessions: SessionService,
  ) {}

  need(state: StepState): Promise<SecondFactorNeed> {
    const facts = JSON.stringify([state.clientId, state.acrValues, state.acrEssential, state.session.amr]);
    let answers = this.answered.get(state.session);
    if (!answers) this.answered.set(state.session, (answers = new Map()));
    let answer = answers.get(facts);
    if (!answer) answers.set(facts, (answer = this.decide(state)));
    return answer;
  }

  private async decide(state: StepState): Promise<SecondFactorNeed> {
    const { session } = state;
    let enrolledBy = this.enrolled.get(session);
    if (!enrolledBy) this.enrolled.set(session, (enrolledBy = this.methods.enrolledBy(session.userId)));
    const [enrolled, client, settings] = await Promise.all([
      enrolledBy,
      state.clientId ? this.clients.findById(state.clientId) : null,
      this.settings.get(),
    ]);
    const required = await mustUseSecondFactor({
      clientRequiresMfa: client?.requireMfa === true,
      mfaRequired: settings.mfaRequired,
      userRoles: async () => {
        const [user, access] = await Promise.all([
          this.sessions.userOf(session),
          this.access.effectiveAccess(session.userId),
        ]);
        return [...(user?.roles ?? []), ...access.roles];
      },
    });
    const reachable = (acr: string) => acr === SINGLE_FACTOR_ACR || enrolled.some((m) => meetsAcr(m.reaches, acr));
    const asked = (state.acrValues ?? []).filter((v) => meetsAcr(v, SINGLE_FACTOR_ACR));
    // Of the levels asked for, in the client's order, the first the user's factors reach;
    // when none is and the client insists, the lowest it accepts, to be enrolled.
    let target = asked.find(reachable);
    let mustEnrol = false;
    if (target === undefined && state.acrEssential && asked.length > 0) {
      target = [...asked].sort((a, b) => (meetsAcr(a, b) ? 1 : -1))[0];
      mustEnrol = true;
    }
    if (required || enrolled.length > 0) target = higher(target ?? SINGLE_FACTOR_ACR, MULTI_FACTOR_ACR);
    if (target === undefined || meetsAcr(acrOf(session.amr), target)) return { kind: 'none' };
    const methods = enrolled.filter((m) => meetsAcr(m.reaches, target));
    if (mustEnrol || methods.length === 0) return { kind: 'enrol', acr: target };
    return { kind: 'prove', acr: target, methods };
  }
}

const higher = (a: string, b: string): string => (meetsAcr(a, b) ? a : b);
