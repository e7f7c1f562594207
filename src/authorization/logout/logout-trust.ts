import type { BrowserSession } from '../../interaction/session/browser-session.entity';
import type { SubjectIdentifiers } from '../../clients/subject-identifiers';
import type { IdTokenHint } from './id-token-hint';

/**
 * OIDC RP-Initiated Logout 1.0 §2 and §6: a logout request may come from anywhere (a link, an
 * image), so the session ends without asking only when the id_token_hint was issued from this
 * very session to this very user. A hint of another session (an older sign-in, another
 * browser) or without sid proves nothing about this one, and the user is asked.
 */
export function isHintForSession(
  hint: Pick<IdTokenHint, 'client' | 'sub' | 'sid'> | undefined,
  session: Pick<BrowserSession, 'id' | 'userId'>,
  subjects: Pick<SubjectIdentifiers, 'isSubjectOf'>,
): boolean {
  // OIDC Core §8: the hint's sub is the user as its client knows them, pairwise or not.
  return hint !== undefined && hint.sid === session.id && subjects.isSubjectOf(hint.client, hint.sub, session.userId);
}
