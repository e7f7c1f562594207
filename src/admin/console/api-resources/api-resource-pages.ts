import type { ApiResourceDto } from '../../api-resources/api-resource.dto';
import type { ScopeDto } from '../../scopes/scope.dto';
import { SERVER_SCOPES } from '../../../scopes/api-resources/api-resource-input.validation';
import { consoleUrl } from '../console-paths';
import { choicesOf, optionalIntegerOf, optionalTextOf, textOf, type FormBody } from '../forms/form-input';
import type { FieldErrors } from '../forms/form-validation';
import { FormView } from '../forms/form-view';
import type { Confirmation } from '../http/confirmation';
import type { ConsolePage } from '../http/console-view';

const LIST_URL = consoleUrl('api-resources');
export const apiResourceUrl = (id: string, ...rest: string[]) => consoleUrl('api-resources', id, ...rest);

export const API_RESOURCE_FORM_FIELDS = [
  'identifier',
  'display_name',
  'scopes',
  'access_token_format',
  'access_token_ttl',
  'introspection_client_id',
];

/** The posted form under the admin API's field names, for CreateApiResourceDto or UpdateApiResourceDto. */
export function apiResourceInputOf(body: FormBody, creating: boolean): Record<string, unknown> {
  const input: Record<string, unknown> = {
    display_name: textOf(body, 'display_name'),
    scopes: choicesOf(body, 'scopes'),
    access_token_format: optionalTextOf(body, 'access_token_format'),
    access_token_ttl: optionalIntegerOf(body, 'access_token_ttl'),
    introspection_client_id: optionalTextOf(body, 'introspection_client_id'),
  };
  if (creating) input.identifier = textOf(body, 'identifier');
  return input;
}

export function apiResourceListPage(resources: ApiResourceDto[]): ConsolePage {
  return {
    title: 'API resources',
    section: 'api-resources',
    newHref: consoleUrl('api-resources', 'new'),
    resources: resources.map((r) => ({
      href: apiResourceUrl(r.id),
      identifier: r.identifier,
      displayName: r.display_name,
      scopes: r.scopes.join(' '),
      format: r.access_token_format ?? 'the client’s',
      introspectionClientId: r.introspection_client_id,
    })),
  };
}

/**
 * The form for a new API resource (resource null) or an existing one. Its scopes are chosen among
 * every scope but this server's own; one that belongs to another resource says so.
 */
export function apiResourceFormPage(
  resource: ApiResourceDto | null,
  values: object,
  scopes: ScopeDto[],
  others: ApiResourceDto[],
  errors: FieldErrors = {},
): ConsolePage {
  const form = new FormView(values as Record<string, unknown>, errors);
  const ownerOf = new Map(
    others.filter((o) => o.id !== resource?.id).flatMap((o) => o.scopes.map((s) => [s, o.display_name] as const)),
  );
  const fields = [
    ...(resource
      ? []
      : [
          form.text('identifier', 'Identifier', {
            required: true,
            type: 'url',
            help: 'What applications send as resource (RFC 8707) and what the tokens’ aud will be: an absolute URI without a fragment, e.g. https://api.example.com/orders. It cannot be changed later.',
          }),
        ]),
    form.text('display_name', 'Name', {
      required: true,
      help: 'Shown to users on the consent page, above the scopes of this resource.',
    }),
    form.choices(
      'scopes',
      'Scopes',
      scopes
        .filter((s) => !SERVER_SCOPES.includes(s.name))
        .map((s) => ({
          value: s.name,
          label: s.name,
          help: ownerOf.has(s.name) ? `${s.description} — belongs to ${ownerOf.get(s.name)}` : s.description,
        })),
      {
        help: 'A token for this resource carries only these scopes. A scope belongs to at most one resource. A client may ask for the resource when it may ask for one of them.',
      },
    ),
    form.select(
      'access_token_format',
      'Access token format',
      [
        { value: '', label: 'The client’s format' },
        { value: 'opaque', label: 'Opaque (the resource server introspects)' },
        { value: 'jwt', label: 'JWT (RFC 9068, validated with the JWKS)' },
      ],
      {},
    ),
    form.text('access_token_ttl', 'Access token lifetime (seconds)', {
      inputmode: 'numeric',
      help: 'Empty: the client’s (or the server’s) lifetime.',
    }),
    form.text('introspection_client_id', 'Introspection client', {
      help: 'The client_id of a confidential client the resource server authenticates with at /oauth2/introspect. It is told only of tokens for this resource. Empty: it does not introspect.',
    }),
  ];
  return {
    title: resource ? `API resource ${resource.display_name}` : 'New API resource',
    section: 'api-resources',
    apiResource: resource && {
      identifier: resource.identifier,
      deleteHref: apiResourceUrl(resource.id, 'delete'),
    },
    form: {
      action: resource ? apiResourceUrl(resource.id) : LIST_URL,
      submitLabel: resource ? 'Save changes' : 'Create API resource',
      cancelHref: LIST_URL,
      sections: [{ title: 'The resource server', fields }],
      errorSummary: form.summary(),
    },
  };
}

/** What the form shows for a stored resource: the API's fields, with the settings that are null as empty. */
export function apiResourceValues(resource: ApiResourceDto): Record<string, unknown> {
  return { ...resource, access_token_format: resource.access_token_format ?? '' };
}

export function deleteApiResourceConfirmation(resource: ApiResourceDto): Confirmation & ConsolePage {
  return {
    title: `Delete the API resource ${resource.display_name}?`,
    section: 'api-resources',
    question: `Delete the API resource ${resource.identifier}?`,
    consequences: [
      'Its scopes stay, belonging to no resource.',
      'Clients can no longer ask for tokens for it (invalid_target), and refreshing for it is refused.',
      'Tokens already issued for it keep their aud until they expire.',
    ],
    action: apiResourceUrl(resource.id, 'delete'),
    confirmLabel: 'Delete the API resource',
    cancelHref: apiResourceUrl(resource.id),
  };
}
