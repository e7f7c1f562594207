import { CLI_ACTOR } from '../../audit/audit-event-input';
import { DevToolsService } from '../../admin/dev/dev-tools.service';
import type { SeedResultDto } from '../../admin/dev/dev.dto';
import type { CliCommand } from '../cli-command';
import { table } from '../cli-values';

/** What a person needs to sign in with the demo data, and nothing they must work out. */
function describeSeed(seed: SeedResultDto): string {
  const users = seed.users.map((u) => [`  ${u.username}`, u.password]);
  const clients = seed.clients.flatMap((c) => [
    `  ${c.client_id} (${c.kind}): ${c.client_name}`,
    c.client_secret
      ? `    client_secret: ${c.client_secret}`
      : `    public client: no secret${c.grant_types.includes('authorization_code') ? ', PKCE (S256) required' : ''}`,
    ...c.redirect_uris.map((uri) => `    redirect_uri:  ${uri}`),
    `    grant_types:   ${c.grant_types.join(' ')}`,
  ]);
  return [
    `Demo data on ${seed.issuer} (development only; run again to reset passwords and secrets)`,
    '',
    'Users:',
    table([['  USERNAME', 'PASSWORD'], ...users]),
    '',
    'Clients:',
    ...clients,
    '',
    `Discovery: ${seed.issuer}/.well-known/openid-configuration`,
  ].join('\n');
}

const devSeed: CliCommand = {
  name: 'dev seed',
  summary: 'Make or reset the demo users and clients and print their passwords and secrets (not in production)',
  usage: '',
  options: {},
  async run({ app }) {
    const seed = await app.get(DevToolsService).seed(CLI_ACTOR);
    return { data: seed, text: describeSeed(seed) };
  },
};

export const DEV_COMMANDS = [devSeed];
