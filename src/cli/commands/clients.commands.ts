import { CLI_ACTOR } from '../../audit/audit-event-input';
import { AdminClientsService } from '../../admin/clients/admin-clients.service';
import type { CreateClientDto } from '../../admin/clients/client.dto';
import { GRANT_TYPE_NAMES } from '../../token/grants/grant-types';
import type { CliCommand } from '../cli-command';
import { flag, int, list, str, table } from '../cli-values';

const clientsCreate: CliCommand = {
  name: 'clients create',
  summary: 'Register a client; a confidential client’s secret is printed once',
  usage:
    '--name <client name> [--client-id <id>] [--redirect-uri <uri>]... [--post-logout-redirect-uri <uri>]... ' +
    '[--backchannel-logout-uri <uri>] ' +
    `[--grant-type ${GRANT_TYPE_NAMES.join('|')}]... ` +
    '[--auth-method client_secret_basic|client_secret_post|client_secret_jwt|private_key_jwt|none] ' +
    '[--scope <scope>]... [--consent-policy always|once|skip] [--access-token-format opaque|jwt] ' +
    '[--jwks-uri <uri>] [--require-par] [--require-signed-request-object] [--dpop-bound] [--fapi2] [--require-mfa] ' +
    '[--subject-type public|pairwise] [--sector-identifier-uri <uri>]',
  options: {
    name: { type: 'string' },
    'client-id': { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
    'post-logout-redirect-uri': { type: 'string', multiple: true },
    // OIDC Back-Channel Logout 1.0: where logout tokens go.
    'backchannel-logout-uri': { type: 'string' },
    'grant-type': { type: 'string', multiple: true },
    'auth-method': { type: 'string' },
    scope: { type: 'string', multiple: true },
    'consent-policy': { type: 'string' },
    'access-token-format': { type: 'string' },
    // The high-security settings (RFC 9126, RFC 9101, RFC 9449, FAPI 2.0); see docs/relying-parties.md.
    'jwks-uri': { type: 'string' },
    'require-par': { type: 'boolean' },
    'require-signed-request-object': { type: 'boolean' },
    'dpop-bound': { type: 'boolean' },
    fapi2: { type: 'boolean' },
    // Every sign-in needs a second factor (docs/second-factors.md).
    'require-mfa': { type: 'boolean' },
    // OIDC Core §8: pairwise subject identifiers; see docs/relying-parties.md.
    'subject-type': { type: 'string' },
    'sector-identifier-uri': { type: 'string' },
  },
  required: ['name'],
  async run({ app, values }) {
    const scopes = list(values, 'scope');
    const dto: CreateClientDto = {
      client_name: str(values, 'name')!,
      client_id: str(values, 'client-id'),
      redirect_uris: list(values, 'redirect-uri'),
      post_logout_redirect_uris: list(values, 'post-logout-redirect-uri'),
      backchannel_logout_uri: str(values, 'backchannel-logout-uri'),
      grant_types: list(values, 'grant-type'),
      token_endpoint_auth_method: str(values, 'auth-method') as CreateClientDto['token_endpoint_auth_method'],
      allowed_scopes: scopes,
      default_scopes: scopes,
      consent_policy: str(values, 'consent-policy') as CreateClientDto['consent_policy'],
      access_token_format: str(values, 'access-token-format') as CreateClientDto['access_token_format'],
      jwks_uri: str(values, 'jwks-uri'),
      // Only what was asked for: an absent flag leaves the server's default.
      ...(flag(values, 'require-par') ? { require_pushed_authorization_requests: true } : {}),
      ...(flag(values, 'require-signed-request-object') ? { require_signed_request_object: true } : {}),
      ...(flag(values, 'dpop-bound') ? { dpop_bound_access_tokens: true } : {}),
      ...(flag(values, 'fapi2') ? { fapi2_security_profile: true } : {}),
      ...(flag(values, 'require-mfa') ? { require_mfa: true } : {}),
      subject_type: str(values, 'subject-type') as CreateClientDto['subject_type'],
      sector_identifier_uri: str(values, 'sector-identifier-uri'),
    };
    const issued = await app.get(AdminClientsService).create(dto, CLI_ACTOR);
    const lines = [`Created client ${issued.client.client_name}`, `client_id: ${issued.client.client_id}`];
    if (issued.client_secret) lines.push(`client_secret: ${issued.client_secret}`, '(shown once: store it now)');
    return { data: issued, text: lines.join('\n') };
  },
};

const clientsList: CliCommand = {
  name: 'clients list',
  summary: 'List clients',
  usage: '[--search <text>] [--limit <n>] [--offset <n>]',
  options: { search: { type: 'string' }, limit: { type: 'string' }, offset: { type: 'string' } },
  async run({ app, values }) {
    const page = await app
      .get(AdminClientsService)
      .list({ search: str(values, 'search'), limit: int(values, 'limit'), offset: int(values, 'offset') });
    const rows = page.items.map((c) => [
      c.client_id,
      c.client_name,
      c.token_endpoint_auth_method ?? '',
      (c.grant_types ?? []).join(','),
    ]);
    return {
      data: page,
      text: table([['CLIENT_ID', 'NAME', 'AUTH METHOD', 'GRANT TYPES'], ...rows]) + `\n${page.total} client(s)`,
    };
  },
};

const clientsApprove: CliCommand = {
  name: 'clients approve',
  summary: 'Vouch for a (dynamically registered) client, or withdraw the approval with --withdraw',
  usage: '--client-id <id> [--withdraw]',
  options: { 'client-id': { type: 'string' }, withdraw: { type: 'boolean' } },
  required: ['client-id'],
  async run({ app, values }) {
    const approved = values.withdraw !== true;
    const client = await app.get(AdminClientsService).setApproval(str(values, 'client-id')!, approved, CLI_ACTOR);
    const text = approved
      ? `Approved ${client.client_name} (${client.client_id})`
      : `Withdrew the approval of ${client.client_name} (${client.client_id})`;
    return { data: client, text };
  },
};

export const CLIENTS_COMMANDS = [clientsCreate, clientsList, clientsApprove];
