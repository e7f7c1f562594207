import { AuditEventType } from '../../../audit/audit-event-type';
import { AuditEventQueryDto } from '../../audit/audit-event.dto';
import { textOf, type FormBody } from '../forms/form-input';
import { type FormCheck, validateForm } from '../forms/form-validation';
import type { FieldView, FormView } from '../forms/form-view';

const DAY_MS = 86400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const FILTER_NAMES = ['type', 'actor', 'subject', 'from', 'to'] as const;

export type AuditFilterValues = Partial<Record<(typeof FILTER_NAMES)[number], string>>;

/** Suggestions for the type filter: each area, then every type. */
export const AUDIT_TYPE_SUGGESTIONS = [
  'security.*',
  'admin.*',
  ...new Set(Object.values(AuditEventType).map((t) => `${t.slice(0, t.lastIndexOf('.'))}.*`)),
  ...Object.values(AuditEventType),
].filter((t, i, all) => all.indexOf(t) === i);

/** The filters as typed, for the form and the pagination links. */
export function auditFilterValuesOf(query: FormBody): AuditFilterValues {
  return Object.fromEntries(FILTER_NAMES.map((name) => [name, textOf(query, name)]).filter(([, v]) => v !== ''));
}

/**
 * The filters as the admin API's query, validated by its DTO. Dates are whole UTC days, both
 * ends included: `to` moves to the start of the next day, since the query's end is exclusive.
 */
export async function auditQueryOf(values: AuditFilterValues): Promise<FormCheck<AuditEventQueryDto>> {
  const check = await validateForm(AuditEventQueryDto, values);
  if (check.ok && check.dto.to && values.to && DATE_ONLY.test(values.to))
    check.dto.to = new Date(check.dto.to.getTime() + DAY_MS);
  return check;
}

export function auditFilterFields(form: FormView): FieldView[] {
  return [
    form.text('type', 'Type or area', {
      list: 'audit-types',
      help: 'An event type, or an area ending in .* such as security.*',
    }),
    form.text('actor', 'Actor', {
      help: 'admin:<credential id>, user:<user id>, client:<client id>, cli or ip:<address>',
    }),
    form.text('subject', 'Subject', { help: 'A client id, user id, scope name or key id' }),
    form.text('from', 'From (UTC day)', { type: 'date' }),
    form.text('to', 'To (UTC day, included)', { type: 'date' }),
  ];
}
