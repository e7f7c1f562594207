import type { ScopeDto } from '../../scopes/scope.dto';
import { consoleUrl } from '../console-paths';
import { textOf, wordsOf, type FormBody } from '../forms/form-input';
import type { FieldErrors } from '../forms/form-validation';
import { FormView } from '../forms/form-view';
import type { Confirmation } from '../http/confirmation';
import type { ConsolePage } from '../http/console-view';

const SCOPES_URL = consoleUrl('scopes');
export const scopeUrl = (name: string, ...rest: string[]) => consoleUrl('scopes', name, ...rest);

/** The posted form under the admin API's field names, for CreateScopeDto or UpdateScopeDto. */
export function scopeInputOf(body: FormBody, creating: boolean): Record<string, unknown> {
  const input: Record<string, unknown> = { description: textOf(body, 'description'), claims: wordsOf(body, 'claims') };
  if (creating) input.name = textOf(body, 'name');
  return input;
}

export const SCOPE_FORM_FIELDS = ['name', 'description', 'claims'];

export function scopeListPage(scopes: ScopeDto[]): ConsolePage {
  return {
    title: 'Scopes',
    section: 'scopes',
    newHref: consoleUrl('scopes', 'new'),
    scopes: scopes.map((s) => ({
      name: s.name,
      href: scopeUrl(s.name),
      description: s.description,
      claims: s.claims.join(' '),
    })),
  };
}

/** The form for a new scope (scope null) or an existing one; `deleteRefused` says why it could not be deleted. */
export function scopeFormPage(
  scope: ScopeDto | null,
  values: object,
  errors: FieldErrors = {},
  deleteRefused?: string,
): ConsolePage {
  const form = new FormView(values as Record<string, unknown>, errors);
  const fields = [
    ...(scope
      ? []
      : [
          form.text('name', 'Name', {
            required: true,
            help: 'What applications put in the scope parameter, e.g. orders:read. No spaces or quotes (RFC 6749 §3.3).',
          }),
        ]),
    form.text('description', 'Description', {
      help: 'Shown to users on the consent page: say what the application will be able to do, e.g. “Read your orders”.',
    }),
    form.text('claims', 'Claims', {
      help: 'Space-separated user claims the scope releases in the ID token and at userinfo, e.g. email email_verified.',
    }),
  ];
  return {
    title: scope ? `Scope ${scope.name}` : 'New scope',
    section: 'scopes',
    deleteRefused,
    scope: scope && { name: scope.name, deleteHref: scopeUrl(scope.name, 'delete') },
    form: {
      action: scope ? scopeUrl(scope.name) : SCOPES_URL,
      submitLabel: scope ? 'Save changes' : 'Create scope',
      cancelHref: SCOPES_URL,
      sections: [{ title: 'The scope', fields }],
      errorSummary: form.summary(),
    },
  };
}

export function deleteScopeConfirmation(scope: ScopeDto): Confirmation & ConsolePage {
  return {
    title: `Delete the scope ${scope.name}?`,
    section: 'scopes',
    question: `Delete the scope ${scope.name}?`,
    consequences: [
      'Refused while any client may still ask for it: take it out of their allowed scopes first.',
      'Tokens already issued with it keep it until they expire.',
    ],
    action: scopeUrl(scope.name, 'delete'),
    confirmLabel: 'Delete the scope',
    cancelHref: scopeUrl(scope.name),
  };
}
