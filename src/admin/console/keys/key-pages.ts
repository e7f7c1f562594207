import type { SigningKeyDto } from '../../keys/key.dto';
import { formatTimestamp } from '../audit/audit-event-view';
import { consoleUrl } from '../console-paths';
import { FormView } from '../forms/form-view';
import type { Confirmation } from '../http/confirmation';
import type { ConsolePage } from '../http/console-view';

const KEYS_URL = consoleUrl('keys');
const STATE_HELP: Record<string, string> = {
  next: 'Published, not signing yet: takes over at the next rotation',
  active: 'Signs every new token',
  retired: 'No longer signs; published while tokens it signed may live',
};

const UNITS: [number, string][] = [
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
];

/** How long ago, in the largest whole unit: "3 days", "1 hour", "less than a minute". */
export function ageOf(since: Date | string, now = new Date()): string {
  const seconds = Math.max(0, (now.getTime() - new Date(since).getTime()) / 1000);
  for (const [size, unit] of UNITS) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${unit}${count === 1 ? '' : 's'}`;
  }
  return 'less than a minute';
}

export function keyListPage(keys: SigningKeyDto[], refusal?: string): ConsolePage {
  const now = new Date();
  return {
    title: 'Signing keys',
    section: 'keys',
    refusal,
    rotateHref: consoleUrl('keys', 'rotate'),
    keys: keys.map((k) => ({
      kid: k.kid,
      alg: k.alg,
      state: k.state,
      stateHelp: STATE_HELP[k.state] ?? '',
      age: ageOf(k.created_at, now),
      created: formatTimestamp(k.created_at),
      activated: k.activated_at ? formatTimestamp(k.activated_at) : '',
      retired: k.retired_at ? formatTimestamp(k.retired_at) : '',
      removeAfter: k.remove_after ? formatTimestamp(k.remove_after) : '',
      retireHref:
        k.state === 'retired' && k.remove_after && new Date(k.remove_after) <= now
          ? undefined
          : consoleUrl('keys', k.kid, 'retire'),
    })),
  };
}

export const ROTATE_KEYS_CONFIRMATION: Confirmation & ConsolePage = {
  title: 'Rotate the signing keys now?',
  section: 'keys',
  question: 'Rotate the signing keys now?',
  consequences: [
    'The published next key starts signing; relying parties already have it from the JWKS.',
    'The active key retires: it stays published while tokens it signed may still be valid.',
    'A new next key is made and published.',
  ],
  action: consoleUrl('keys', 'rotate'),
  confirmLabel: 'Rotate now',
  cancelHref: KEYS_URL,
};

export function retireKeyConfirmation(key: SigningKeyDto): Confirmation & ConsolePage {
  const form = new FormView({ remove_now: false });
  return {
    title: `Retire the key ${key.kid}?`,
    section: 'keys',
    question: `Retire the ${key.state} key ${key.kid}?`,
    consequences: [
      key.state === 'active'
        ? 'The next key takes over signing at once.'
        : key.state === 'next'
          ? 'It will never sign, and leaves the JWKS at once.'
          : 'It already no longer signs.',
      'Unless removed now, it stays in the JWKS while tokens it signed may still be valid.',
    ],
    options: [
      form.checkbox('remove_now', 'Remove it from the JWKS now', {
        help: 'For a compromised key: tokens it signed stop verifying at once, everywhere.',
      }),
    ],
    action: consoleUrl('keys', key.kid, 'retire'),
    confirmLabel: 'Retire the key',
    cancelHref: KEYS_URL,
  };
}
