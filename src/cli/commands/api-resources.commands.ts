import { CLI_ACTOR } from '../../audit/audit-event-input';
import { AdminApiResourcesService } from '../../admin/api-resources/admin-api-resources.service';
import type { ResourceTokenFormat } from '../../scopes/api-resources/api-resource.entity';
import { ApiResourcesError, ApiResourcesErrorCode } from '../../scopes/api-resources/api-resources.error';
import { UsageError, type CliCommand } from '../cli-command';
import { int, list, str, table } from '../cli-values';

const apiResourcesList: CliCommand = {
  name: 'api-resources list',
  summary: 'List API resources (RFC 8707 resource servers) and their scopes',
  usage: '',
  options: {},
  async run({ app }) {
    const resources = await app.get(AdminApiResourcesService).list();
    const rows = resources.map((r) => [
      r.identifier,
      r.display_name,
      r.scopes.join(','),
      r.access_token_format ?? '-',
      r.introspection_client_id ?? '-',
    ]);
    return {
      data: resources,
      text: table([['IDENTIFIER', 'NAME', 'SCOPES', 'FORMAT', 'INTROSPECTION CLIENT'], ...rows]),
    };
  },
};

const apiResourcesCreate: CliCommand = {
  name: 'api-resources create',
  summary: 'Define an API resource',
  usage:
    '--identifier <uri> --name <display name> [--scope <scope>]... [--format opaque|jwt] [--ttl <seconds>] [--introspection-client <client_id>]',
  options: {
    identifier: { type: 'string' },
    name: { type: 'string' },
    scope: { type: 'string', multiple: true },
    format: { type: 'string' },
    ttl: { type: 'string' },
    'introspection-client': { type: 'string' },
  },
  required: ['identifier', 'name'],
  async run({ app, values }) {
    const format = str(values, 'format');
    if (format !== undefined && format !== 'opaque' && format !== 'jwt')
      throw new UsageError('--format must be opaque or jwt');
    const resource = await app.get(AdminApiResourcesService).create(
      {
        identifier: str(values, 'identifier')!,
        display_name: str(values, 'name')!,
        scopes: list(values, 'scope'),
        access_token_format: format as ResourceTokenFormat | undefined,
        access_token_ttl: int(values, 'ttl'),
        introspection_client_id: str(values, 'introspection-client'),
      },
      CLI_ACTOR,
    );
    return { data: resource, text: `Created API resource ${resource.identifier} (${resource.id})` };
  },
};

const apiResourcesDelete: CliCommand = {
  name: 'api-resources delete',
  summary: 'Delete an API resource; its scopes stay, belonging to none',
  usage: '--identifier <uri>',
  options: { identifier: { type: 'string' } },
  required: ['identifier'],
  async run({ app, values }) {
    const identifier = str(values, 'identifier')!;
    const resources = app.get(AdminApiResourcesService);
    const found = (await resources.list()).find((r) => r.identifier === identifier);
    if (!found) throw new ApiResourcesError(ApiResourcesErrorCode.ApiResourceNotFound, `no API resource ${identifier}`);
    await resources.delete(found.id, CLI_ACTOR);
    return { data: { deleted: identifier }, text: `Deleted API resource ${identifier}` };
  },
};

export const API_RESOURCES_COMMANDS = [apiResourcesList, apiResourcesCreate, apiResourcesDelete];
