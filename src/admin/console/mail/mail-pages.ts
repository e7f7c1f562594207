import { OUTBOX_STATES, type OutboxState } from '../../../outbox/outbox-delivery.entity';
import type { SentMail } from '../../../mail/mail.service';
import { formatTimestamp } from '../audit/audit-event-view';

export interface MailRowView {
  id: string;
  created: string;
  to: string;
  subject: string;
  state: OutboxState;
  deliveredTo: string | null;
  attempts: number;
  /** For a message still waiting: when it is tried next. */
  nextAttempt?: string;
  lastError: string | null;
  text: string;
}

export function toMailRowView({ id, message, delivery }: SentMail): MailRowView {
  const waiting = delivery.state === 'pending' || delivery.state === 'sending';
  return {
    id,
    created: formatTimestamp(delivery.createdAt),
    to: message.to,
    subject: message.subject,
    state: delivery.state,
    deliveredTo: delivery.deliveredTo,
    attempts: delivery.attempts,
    nextAttempt: waiting ? formatTimestamp(delivery.nextAttemptAt) : undefined,
    lastError: delivery.lastError,
    text: message.text,
  };
}

/** The state filter of the page: one of the outbox states, or all of them. */
export function stateFilterOf(value: unknown): OutboxState | undefined {
  return OUTBOX_STATES.find((s) => s === value);
}

export function stateOptions(current: OutboxState | undefined): { value: string; label: string; selected: boolean }[] {
  return [
    { value: '', label: 'Any state', selected: current === undefined },
    ...OUTBOX_STATES.map((s) => ({ value: s, label: s, selected: s === current })),
  ];
}
