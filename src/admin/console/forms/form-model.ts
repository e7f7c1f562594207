import type { ErrorSummaryItem, FieldView } from './form-view';

export interface FormSection {
  title: string;
  intro?: string;
  fields: FieldView[];
}

/** A whole form as views/partials/console/form.hbs draws it. */
export interface FormModel {
  action: string;
  submitLabel: string;
  cancelHref?: string;
  sections: FormSection[];
  errorSummary: ErrorSummaryItem[];
}

/** The fields whose submitted value differs from the current one: a patch of only what changed. */
export function changedFields<T extends object>(current: object, submitted: T): Partial<T> {
  const normal = (v: unknown) => JSON.stringify(v ?? null);
  const before = current as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(submitted).filter(([key, value]) => normal(value) !== normal(before[key])),
  ) as Partial<T>;
}
