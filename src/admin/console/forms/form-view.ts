import type { FieldErrors } from './form-validation';

export interface OptionView {
  id: string;
  value: string;
  label: string;
  help?: string;
  helpId?: string;
  selected: boolean;
}

/** One form control as views/partials/console/field.hbs draws it: exactly one of the kinds is set. */
export interface FieldView {
  id: string;
  name: string;
  label: string;
  help?: string;
  helpId: string;
  error?: string;
  errorId: string;
  /** The ids of the help and error texts, for aria-describedby. */
  describedBy?: string;
  input?: { type: string; value: string; required: boolean; autocomplete?: string; inputmode?: string; list?: string };
  textarea?: { value: string; rows: number };
  select?: { options: OptionView[] };
  checkbox?: { checked: boolean };
  choices?: { options: OptionView[] };
}

export interface FieldOptions {
  help?: string;
  required?: boolean;
  type?: 'text' | 'email' | 'url' | 'password' | 'tel' | 'number' | 'date' | 'search';
  autocomplete?: string;
  inputmode?: 'numeric' | 'url' | 'email';
  /** The id of a <datalist> of suggestions. */
  list?: string;
  rows?: number;
}

export interface Choice {
  value: string;
  label: string;
  help?: string;
}

/** An error to list at the top of the form, linked to its field when it has one. */
export interface ErrorSummaryItem {
  href?: string;
  message: string;
}

const idOf = (name: string) => `field-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;

function display(value: unknown, separator: string): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(separator);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/**
 * Builds the controls of one form from its values (by field name, as the API names them) and
 * the errors of its last submission; every error lands next to its field, or at the top.
 */
export class FormView {
  private readonly placed = new Set<string>();

  constructor(
    private readonly values: Record<string, unknown>,
    private readonly errors: FieldErrors = {},
  ) {}

  text(name: string, label: string, options: FieldOptions = {}): FieldView {
    return {
      ...this.base(name, label, options),
      input: {
        type: options.type ?? 'text',
        value: display(this.valueOf(name), ' '),
        required: options.required ?? false,
        autocomplete: options.autocomplete,
        inputmode: options.inputmode,
        list: options.list,
      },
    };
  }

  /** A list, one value per line. */
  lines(name: string, label: string, options: FieldOptions = {}): FieldView {
    return {
      ...this.base(name, label, options),
      textarea: { value: display(this.valueOf(name), '\n'), rows: options.rows ?? 3 },
    };
  }

  select(name: string, label: string, choices: Choice[], options: FieldOptions = {}): FieldView {
    const current = display(this.valueOf(name), ' ');
    return {
      ...this.base(name, label, options),
      select: { options: this.options(name, choices, (v) => v === current) },
    };
  }

  checkbox(name: string, label: string, options: FieldOptions = {}): FieldView {
    return { ...this.base(name, label, options), checkbox: { checked: this.valueOf(name) === true } };
  }

  /** Checkboxes sharing one name, in a fieldset. */
  choices(name: string, label: string, choices: Choice[], options: FieldOptions = {}): FieldView {
    const current = this.valueOf(name);
    const selected = new Set(Array.isArray(current) ? current.map(String) : []);
    return {
      ...this.base(name, label, options),
      choices: { options: this.options(name, choices, (v) => selected.has(v)) },
    };
  }

  /** Every error of the submission, for the summary at the top; call after the fields are built. */
  summary(): ErrorSummaryItem[] {
    return Object.entries(this.errors).map(([name, message]) =>
      this.placed.has(name) ? { href: `#${idOf(name)}`, message } : { message },
    );
  }

  private valueOf(name: string): unknown {
    // Nested values (address.country) are addressed by path, as their errors are.
    return name
      .split('.')
      .reduce<unknown>((v, key) => (v as Record<string, unknown> | null | undefined)?.[key], this.values);
  }

  private base(name: string, label: string, options: FieldOptions) {
    const id = idOf(name);
    const error = this.errors[name];
    if (error) this.placed.add(name);
    const helpId = `${id}-help`;
    const errorId = `${id}-error`;
    const describedBy = [options.help ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
    return { id, name, label, help: options.help, helpId, error, errorId, describedBy };
  }

  private options(name: string, choices: Choice[], isSelected: (value: string) => boolean): OptionView[] {
    return choices.map((c, i) => ({
      ...c,
      id: `${idOf(name)}-${i}`,
      helpId: `${idOf(name)}-${i}-help`,
      selected: isSelected(c.value),
    }));
  }
}
