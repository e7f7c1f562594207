import type { FieldView } from '../forms/form-view';

/** The field the confirmation page posts; an action posted without it shows that page instead. */
export const CONFIRM_FIELD = 'confirmed';

export function isConfirmed(body: unknown): boolean {
  return (body as Record<string, unknown> | undefined)?.[CONFIRM_FIELD] === 'yes';
}

/** A page asking to confirm a destructive action before it is taken. */
export interface Confirmation {
  title: string;
  question: string;
  /** What will happen, one sentence each. */
  consequences: string[];
  /** Where the confirmed form posts. */
  action: string;
  confirmLabel: string;
  cancelHref: string;
  /** Choices that go with the action, e.g. "remove from the JWKS now". */
  options?: FieldView[];
}
