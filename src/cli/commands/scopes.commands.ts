import { CLI_ACTOR } from '../../audit/audit-event-input';
import { AdminScopesService } from '../../admin/scopes/admin-scopes.service';
import type { CliCommand } from '../cli-command';
import { list, str, table } from '../cli-values';

const scopesList: CliCommand = {
  name: 'scopes list',
  summary: 'List scopes and the claims they release',
  usage: '',
  options: {},
  async run({ app }) {
    const scopes = await app.get(AdminScopesService).list();
    const rows = scopes.map((s) => [s.name, s.claims.join(','), s.description]);
    return { data: scopes, text: table([['NAME', 'CLAIMS', 'DESCRIPTION'], ...rows]) };
  },
};

const scopesCreate: CliCommand = {
  name: 'scopes create',
  summary: 'Create a scope',
  usage: '--name <scope> --description <text> [--claim <claim>]...',
  options: { name: { type: 'string' }, description: { type: 'string' }, claim: { type: 'string', multiple: true } },
  required: ['name', 'description'],
  async run({ app, values }) {
    const scope = await app
      .get(AdminScopesService)
      .create(
        { name: str(values, 'name')!, description: str(values, 'description')!, claims: list(values, 'claim') },
        CLI_ACTOR,
      );
    return { data: scope, text: `Created scope ${scope.name}` };
  },
};

const scopesDelete: CliCommand = {
  name: 'scopes delete',
  summary: 'Delete a scope no client uses',
  usage: '--name <scope>',
  options: { name: { type: 'string' } },
  required: ['name'],
  async run({ app, values }) {
    const name = str(values, 'name')!;
    await app.get(AdminScopesService).delete(name, CLI_ACTOR);
    return { data: { deleted: name }, text: `Deleted scope ${name}` };
  },
};

export const SCOPES_COMMANDS = [scopesList, scopesCreate, scopesDelete];
