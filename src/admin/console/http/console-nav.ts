import { consoleUrl } from '../console-paths';

export type ConsoleSection =
  | 'dashboard'
  | 'clients'
  | 'users'
  | 'groups'
  | 'roles'
  | 'scopes'
  | 'api-resources'
  | 'keys'
  | 'audit'
  | 'mail'
  | 'logout-deliveries'
  | 'webhooks'
  | 'account-settings';

const SECTIONS: { section: ConsoleSection; label: string; href: string }[] = [
  { section: 'dashboard', label: 'Dashboard', href: consoleUrl() },
  { section: 'clients', label: 'Clients', href: consoleUrl('clients') },
  { section: 'users', label: 'Users', href: consoleUrl('users') },
  { section: 'groups', label: 'Groups', href: consoleUrl('groups') },
  { section: 'roles', label: 'Roles', href: consoleUrl('roles') },
  { section: 'scopes', label: 'Scopes', href: consoleUrl('scopes') },
  { section: 'api-resources', label: 'API resources', href: consoleUrl('api-resources') },
  { section: 'keys', label: 'Signing keys', href: consoleUrl('keys') },
  { section: 'audit', label: 'Audit log', href: consoleUrl('audit') },
  { section: 'mail', label: 'Mail', href: consoleUrl('mail') },
  { section: 'logout-deliveries', label: 'Logout deliveries', href: consoleUrl('logout-deliveries') },
  { section: 'webhooks', label: 'Webhooks', href: consoleUrl('webhooks') },
  { section: 'account-settings', label: 'Sign-up and sign-in', href: consoleUrl('account-settings') },
];

export interface NavItem {
  label: string;
  href: string;
  current: boolean;
}

export function navFor(current: ConsoleSection | undefined): NavItem[] {
  return SECTIONS.map(({ section, label, href }) => ({ label, href, current: section === current }));
}
