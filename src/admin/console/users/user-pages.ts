import type { Page } from '../../http/page.dto';
import type { ConsentDto, GrantDto, SessionDto } from '../../users/user-access.dto';
import type { UserDto } from '../../users/user.dto';
import { formatTimestamp } from '../audit/audit-event-view';
import { consoleUrl } from '../console-paths';
import type { FieldErrors } from '../forms/form-validation';
import { FormView } from '../forms/form-view';
import type { ConsolePage } from '../http/console-view';
import { paginationOf } from '../http/pagination';
import { userFormSections } from './user-form';

const USERS_URL = consoleUrl('users');
export const userUrl = (id: string, ...rest: string[]) => consoleUrl('users', id, ...rest);

export interface UserAccess {
  sessions: SessionDto[];
  consents: ConsentDto[];
  grants: GrantDto[];
  /** The second factors the user has enrolled (SecondFactorMethod names). */
  factors: string[];
}

export function userListPage(page: Page<UserDto>, search: string): ConsolePage {
  return {
    title: 'Users',
    section: 'users',
    search,
    newHref: consoleUrl('users', 'new'),
    users: page.items.map((u) => ({
      username: u.username,
      href: userUrl(u.id),
      name: u.name ?? '',
      email: u.email ?? '',
      roles: (u.roles ?? []).join(', '),
      disabled: u.disabled,
    })),
    pagination: paginationOf(page, USERS_URL, { search }),
  };
}

export function newUserPage(values: object, errors: FieldErrors = {}): ConsolePage {
  const form = new FormView(values as Record<string, unknown>, errors);
  const sections = userFormSections(form, true);
  return {
    title: 'New user',
    section: 'users',
    form: {
      action: USERS_URL,
      submitLabel: 'Create user',
      cancelHref: USERS_URL,
      sections,
      errorSummary: form.summary(),
    },
  };
}

export interface UserPageErrors {
  profile?: FieldErrors;
  password?: FieldErrors;
}

/** One user: the profile form, the password form, their state, and what they left behind signing in. */
export function userPage(user: UserDto, access: UserAccess, values: object, errors: UserPageErrors = {}): ConsolePage {
  const profile = new FormView(values as Record<string, unknown>, errors.profile);
  const sections = userFormSections(profile, false);
  const password = new FormView({}, errors.password);
  const passwordField = password.text('password', 'New password', {
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    help: 'At least 8 characters. The user’s sessions stay open; end them below if the old password may be known to someone else.',
  });
  return {
    title: user.username,
    section: 'users',
    user: {
      id: user.id,
      disabled: user.disabled,
      hasPassword: user.has_password,
      created: formatTimestamp(user.created_at),
      updated: formatTimestamp(user.updated_at),
      enableAction: userUrl(user.id, 'enable'),
      disableHref: userUrl(user.id, 'disable'),
      deleteHref: userUrl(user.id, 'delete'),
      auditHref: `${consoleUrl('audit')}?subject=${encodeURIComponent(user.id)}`,
      email: user.email ?? undefined,
      emailVerified: user.email_verified === true,
      verificationAction: userUrl(user.id, 'email-verification'),
      resetLinkAction: userUrl(user.id, 'password-reset'),
    },
    form: {
      action: userUrl(user.id),
      submitLabel: 'Save changes',
      sections,
      errorSummary: [...profile.summary(), ...password.summary()],
    },
    passwordForm: { action: userUrl(user.id, 'password'), field: passwordField },
    sessions: access.sessions.map((s) => ({
      id: s.id,
      started: formatTimestamp(s.auth_time),
      methods: s.amr.join(', '),
      expires: formatTimestamp(s.expires_at),
      ended: s.ended_at ? formatTimestamp(s.ended_at) : '',
      active: s.active,
      endHref: userUrl(user.id, 'sessions', s.id, 'end'),
    })),
    endAllSessionsHref: userUrl(user.id, 'sessions', 'end'),
    hasActiveSessions: access.sessions.some((s) => s.active),
    consents: access.consents.map((c) => ({
      clientId: c.client_id,
      clientHref: consoleUrl('clients', c.client_id),
      scopes: c.scopes.join(' '),
      updated: formatTimestamp(c.updated_at),
      revokeHref: userUrl(user.id, 'consents', c.client_id, 'revoke'),
    })),
    grants: access.grants.map((g) => ({
      id: g.id,
      clientId: g.client_id,
      scope: g.scope.join(' '),
      created: formatTimestamp(g.created_at),
      expires: g.expires_at ? formatTimestamp(g.expires_at) : 'never',
      revoked: g.revoked_at
        ? `${formatTimestamp(g.revoked_at)}${g.revoked_reason ? ` (${g.revoked_reason})` : ''}`
        : '',
      activeTokens: g.active_tokens,
      revokeHref: userUrl(user.id, 'grants', g.id, 'revoke'),
    })),
    factors: access.factors,
    resetFactorsHref: userUrl(user.id, 'factors', 'reset'),
    revokeAllGrantsHref: userUrl(user.id, 'grants', 'revoke'),
    hasActiveGrants: access.grants.some((g) => g.revoked_at === null),
  };
}
