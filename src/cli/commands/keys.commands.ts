import { CLI_ACTOR } from '../../audit/audit-event-input';
import { AdminKeysService } from '../../admin/keys/admin-keys.service';
import type { CliCommand } from '../cli-command';
import { table } from '../cli-values';

const keysList: CliCommand = {
  name: 'keys list',
  summary: 'List signing keys (public data and state only)',
  usage: '',
  options: {},
  async run({ app }) {
    const keys = await app.get(AdminKeysService).list();
    const rows = keys.map((k) => [k.kid, k.alg, k.state, k.created_at.toISOString()]);
    return { data: keys, text: table([['KID', 'ALG', 'STATE', 'CREATED'], ...rows]) };
  },
};

const keysRotate: CliCommand = {
  name: 'keys rotate',
  summary: 'Rotate the signing keys now',
  usage: '',
  options: {},
  async run({ app }) {
    const rotation = await app.get(AdminKeysService).rotate(CLI_ACTOR);
    const lines = [`active: ${rotation.active_kid}`, `next: ${rotation.next_kid ?? '-'}`];
    if (rotation.retired_kid) lines.push(`retired: ${rotation.retired_kid}`);
    return { data: rotation, text: lines.join('\n') };
  },
};

export const KEYS_COMMANDS = [keysList, keysRotate];
