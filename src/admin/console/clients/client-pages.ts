import type { ClientDto } from '../../clients/client.dto';
import type { Page } from '../../http/page.dto';
import { formatTimestamp } from '../audit/audit-event-view';
import { consoleUrl } from '../console-paths';
import type { FieldErrors } from '../forms/form-validation';
import { FormView } from '../forms/form-view';
import type { Confirmation } from '../http/confirmation';
import type { ConsolePage } from '../http/console-view';
import { paginationOf } from '../http/pagination';
import { clientFormSections } from './client-form';

const CLIENTS_URL = consoleUrl('clients');
export const clientUrl = (clientId: string, ...rest: string[]) => consoleUrl('clients', clientId, ...rest);

// The grant type URNs are long; the list shows their last word.
const shortGrant = (grant: string) => grant.replace(/^urn:ietf:params:oauth:grant-type:/, '');

export function clientListPage(page: Page<ClientDto>, search: string): ConsolePage {
  return {
    title: 'Clients',
    section: 'clients',
    search,
    newHref: consoleUrl('clients', 'new'),
    clients: page.items.map((c) => ({
      name: c.client_name,
      clientId: c.client_id,
      href: clientUrl(c.client_id),
      authMethod: c.token_endpoint_auth_method,
      grants: (c.grant_types ?? []).map(shortGrant).join(', '),
      created: formatTimestamp(c.created_at),
    })),
    pagination: paginationOf(page, CLIENTS_URL, { search }),
  };
}

/** The form for a new client (client null) or an existing one, with the errors of the last submission. */
export function clientFormPage(client: ClientDto | null, values: object, errors: FieldErrors = {}): ConsolePage {
  const form = new FormView(values as Record<string, unknown>, errors);
  const sections = clientFormSections(form, client === null);
  return {
    title: client ? client.client_name : 'New client',
    section: 'clients',
    client: client && {
      clientId: client.client_id,
      hasSecret: client.has_client_secret,
      dynamicallyRegistered: client.dynamically_registered,
      approved: client.admin_approved,
      approvalHref: clientUrl(client.client_id, 'approval'),
      created: formatTimestamp(client.created_at),
      updated: formatTimestamp(client.updated_at),
      secretExpires: client.client_secret_expires_at ? formatTimestamp(client.client_secret_expires_at) : undefined,
      rotateHref: clientUrl(client.client_id, 'secret'),
      deleteHref: clientUrl(client.client_id, 'delete'),
    },
    form: {
      action: client ? clientUrl(client.client_id) : CLIENTS_URL,
      submitLabel: client ? 'Save changes' : 'Create client',
      cancelHref: CLIENTS_URL,
      sections,
      errorSummary: form.summary(),
    },
  };
}

/** The secret, shown once: after creation, rotation, or a change to a secret-based method. */
export function clientSecretPage(client: ClientDto, secret: string | undefined, why: 'created' | 'rotated' | 'saved') {
  const titles = { created: 'Client created', rotated: 'New client secret', saved: 'Client saved' };
  return {
    title: titles[why],
    section: 'clients' as const,
    clientName: client.client_name,
    clientId: client.client_id,
    secret,
    isPublic: client.token_endpoint_auth_method === 'none',
    clientHref: clientUrl(client.client_id),
  };
}

export function deleteClientConfirmation(client: ClientDto): Confirmation & ConsolePage {
  return {
    title: `Delete ${client.client_name}?`,
    section: 'clients',
    question: `Delete the client ${client.client_id}?`,
    consequences: [
      'Its authorization codes, grants and tokens stop working at once.',
      'Users signed in to the application through this server are not signed out of this server.',
      'This cannot be undone: registering the application again gives it a new secret.',
    ],
    action: clientUrl(client.client_id, 'delete'),
    confirmLabel: 'Delete the client',
    cancelHref: clientUrl(client.client_id),
  };
}

export function rotateSecretConfirmation(client: ClientDto): Confirmation & ConsolePage {
  return {
    title: `Rotate the secret of ${client.client_name}?`,
    section: 'clients',
    question: `Replace the client secret of ${client.client_id} now?`,
    consequences: [
      'The current secret stops working at once: the application fails to get tokens until it has the new one.',
      'The new secret is shown once, on the next page.',
    ],
    action: clientUrl(client.client_id, 'secret'),
    confirmLabel: 'Rotate the secret',
    cancelHref: clientUrl(client.client_id),
  };
}
