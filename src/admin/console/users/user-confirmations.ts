import type { UserDto } from '../../users/user.dto';
import type { Confirmation } from '../http/confirmation';
import type { ConsolePage } from '../http/console-view';
import { userUrl } from './user-pages';

type ConfirmationPage = Confirmation & ConsolePage;

const page = (user: UserDto, confirmation: Omit<Confirmation, 'cancelHref'> & { title: string }): ConfirmationPage => ({
  ...confirmation,
  section: 'users',
  cancelHref: userUrl(user.id),
});

export const disableUserConfirmation = (user: UserDto) =>
  page(user, {
    title: `Disable ${user.username}?`,
    question: `Disable the account ${user.username}?`,
    consequences: [
      'They can no longer sign in.',
      'Every session of theirs ends now, and every token issued for them stops working.',
      'Enabling the account later lets them sign in again; their tokens stay revoked.',
    ],
    action: userUrl(user.id, 'disable'),
    confirmLabel: 'Disable the account',
  });

export const deleteUserConfirmation = (user: UserDto) =>
  page(user, {
    title: `Delete ${user.username}?`,
    question: `Delete the account ${user.username} for good?`,
    consequences: [
      'Their sessions, consents, grants and tokens are deleted with it.',
      'Applications that stored their subject identifier will not see it again. Disabling keeps the account instead.',
      'This cannot be undone.',
    ],
    action: userUrl(user.id, 'delete'),
    confirmLabel: 'Delete the account',
  });

export const endSessionsConfirmation = (user: UserDto, sessionId?: string) =>
  page(user, {
    title: sessionId ? 'End this session?' : `Sign ${user.username} out everywhere?`,
    question: sessionId
      ? `End the session ${sessionId} of ${user.username}?`
      : `End every open session of ${user.username}?`,
    consequences: [
      'The browser must sign in again before the next sign-in to an application.',
      'Tokens already issued keep working until they expire; revoke the grants for that.',
    ],
    action: sessionId ? userUrl(user.id, 'sessions', sessionId, 'end') : userUrl(user.id, 'sessions', 'end'),
    confirmLabel: sessionId ? 'End the session' : 'End every session',
  });

export const revokeConsentConfirmation = (user: UserDto, clientId: string) =>
  page(user, {
    title: `Revoke the consent to ${clientId}?`,
    question: `Take back what ${user.username} allowed the client ${clientId}?`,
    consequences: [
      'The client’s grants from this user are revoked: its tokens for them stop working now.',
      'The user is asked for consent again the next time they sign in to it.',
    ],
    action: userUrl(user.id, 'consents', clientId, 'revoke'),
    confirmLabel: 'Revoke the consent',
  });

export const revokeGrantsConfirmation = (user: UserDto, grantId?: string) =>
  page(user, {
    title: grantId ? 'Revoke this grant?' : `Revoke every grant of ${user.username}?`,
    question: grantId ? `Revoke the grant ${grantId} of ${user.username}?` : `Revoke every grant of ${user.username}?`,
    consequences: [
      'Every access and refresh token issued from it stops working now.',
      'Applications must send the user through sign-in again to get new tokens.',
    ],
    action: grantId ? userUrl(user.id, 'grants', grantId, 'revoke') : userUrl(user.id, 'grants', 'revoke'),
    confirmLabel: grantId ? 'Revoke the grant' : 'Revoke every grant',
  });

export const resetFactorsConfirmation = (user: UserDto) =>
  page(user, {
    title: `Reset the second factors of ${user.username}?`,
    question: `Remove every second factor of ${user.username} (one-time code apps, recovery codes, passkeys)?`,
    consequences: [
      'They sign in with their password alone until they set up a new second factor; where one is required, they must set one up at their next sign-in.',
      'Their sessions and tokens stay: end the sessions below if a lost device may be in someone else’s hands.',
      'Do this only once you are sure the request comes from the user.',
    ],
    action: userUrl(user.id, 'factors', 'reset'),
    confirmLabel: 'Reset the second factors',
  });
