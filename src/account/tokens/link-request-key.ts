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

/**
 * Once the response is sent, whether or not the client stayed for it ('close' follows 'finish',
 * and comes on an aborted request too; a client gone before the work was queued gets it at
 * once): work started earlier shares the event loop with the page's rendering and shows in its
 * timing.
 */
export function answerSentOf(res: {
  readonly destroyed: boolean;
  readonly writableFinished: boolean;
  once(event: 'close', listener: () => void): unknown;
}): AnswerSent {
  return (work) => (res.destroyed || res.writableFinished ? setImmediate(work) : res.once('close', work));
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
