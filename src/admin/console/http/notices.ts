/**
 * Messages shown after a redirect (?notice=…). Only these fixed texts can appear, so a crafted
 * link cannot put words on a console page.
 */
const NOTICES = {
  'signed-out': 'You are signed out of the admin console.',
  'client-saved': 'The client was saved.',
  'client-unchanged': 'Nothing was changed.',
  'client-deleted': 'The client was deleted. Its tokens no longer work.',
  'client-approved': 'The client is approved: its errors go straight back to it and its logo is shown.',
  'client-approval-withdrawn': 'The approval was withdrawn: the client is treated as unverified.',
  'user-created': 'The user was created.',
  'user-saved': 'The user was saved.',
  'user-unchanged': 'Nothing was changed.',
  'password-set': 'The password was set.',
  'reset-link-sent': 'A link to choose a new password was mailed to the user (valid 15 minutes).',
  'verification-sent': 'A link to confirm the address was mailed to the user (valid a day).',
  'user-disabled': 'The user was disabled: their sessions ended and their tokens were revoked.',
  'user-enabled': 'The user was enabled.',
  'user-deleted': 'The user was deleted.',
  'sessions-ended': 'The sessions were ended.',
  'consent-revoked': 'The consent was revoked, with the grants it allowed.',
  'grants-revoked': 'The grants were revoked: their tokens no longer work.',
  'factors-reset': 'The second factors were removed.',
  'scope-created': 'The scope was created.',
  'scope-saved': 'The scope was saved.',
  'scope-deleted': 'The scope was deleted.',
  'api-resource-created': 'The API resource was created: clients may now ask for tokens for it.',
  'api-resource-saved': 'The API resource was saved.',
  'api-resource-deleted': 'The API resource was deleted: its scopes belong to none now.',
  'group-saved': 'The group was saved.',
  'group-deleted': 'The group was deleted, with its memberships and role grants.',
  'member-added': 'The user was added to the group.',
  'member-removed': 'The user was removed from the group.',
  'role-saved': 'The role was saved.',
  'role-deleted': 'The role was deleted, with its grants.',
  'role-granted': 'The role was granted.',
  'role-grant-revoked': 'The grant was revoked.',
  'webhook-saved': 'The subscription was saved.',
  'account-settings-saved': 'The sign-up and sign-in settings were saved.',
  'webhook-deleted': 'The subscription was deleted.',
  'keys-rotated': 'The keys were rotated: the next key now signs.',
  'key-retired': 'The key was retired.',
} as const;

export type Notice = keyof typeof NOTICES;

export function noticeOf(query: unknown): string | undefined {
  const key = (query as Record<string, unknown> | undefined)?.notice;
  return typeof key === 'string' && Object.hasOwn(NOTICES, key) ? NOTICES[key as Notice] : undefined;
}

/** A console URL with a notice to show on arrival. */
export function withNotice(url: string, notice: Notice): string {
  return `${url}${url.includes('?') ? '&' : '?'}notice=${notice}`;
}
