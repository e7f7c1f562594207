import { randomInt } from 'node:crypto';
import { sha256Hex } from '../../common/crypto/sha256';
import type { User } from '../../users/user.entity';

/**
 * The counter of the links asked for one login (a reset, a verification sent again): the
 * account's when the login names one, else the login's own, so that both cases read and write
 * the same rows and take the same time. Which account a login names must not show.
 */
export function linkRequestKey(prefix: string, user: User | null, login: string): string {
  return user ? `${prefix}:account:${user.id}` : `${prefix}:login:${sha256Hex(login)}`;
}

/** Runs work once the answer is sent. */
export type AnswerSent = (work: () => void) => void;

/** Between a quarter second and a second and a half: no mail needs it sooner. */
const randomDelayMs = () => 250 + randomInt(1250);

/**
 * After the response is sent (its 'close', which follows 'finish' and also comes for an aborted
 * request; at once for a client already gone), and a random while later: work started earlier
 * shares the event loop with the page's rendering and shows in its timing, and work started right
 * after the answer shows in the timing of the next request (a probe measured 0.5 ms).
 */
export function answerSentOf(
  res: {
    readonly destroyed: boolean;
    readonly writableFinished: boolean;
    once(event: 'close', listener: () => void): unknown;
  },
  delayMs: () => number = randomDelayMs,
): AnswerSent {
  return (work) => {
    // Unref'd: a server shutting down does not wait for it (the user asks again).
    const later = () => void setTimeout(work, delayMs()).unref();
    if (res.destroyed || res.writableFinished) later();
    else res.once('close', later);
  };
}

/**
 * After the answer is sent: queuing a mail must not make the answer slower for an account that
 * exists. A failure is `onError`'s to report; it never goes unhandled.
 */
export function afterTheAnswer(
  answerSent: AnswerSent,
  work: () => Promise<unknown>,
  onError: (error: Error) => void = () => undefined,
): void {
  answerSent(() => void work().catch(onError));
}
