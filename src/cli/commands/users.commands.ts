import { CLI_ACTOR } from '../../audit/audit-event-input';
import { AdminUsersService } from '../../admin/users/admin-users.service';
import type { CliCommand } from '../cli-command';
import { UsageError } from '../cli-command';
import { flag, int, str, table } from '../cli-values';

const usersCreate: CliCommand = {
  name: 'users create',
  summary: 'Create a user; the password is read from standard input',
  usage: '--username <name> [--email <address>] [--name <full name>] [--password-stdin] [--disabled]',
  options: {
    username: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    disabled: { type: 'boolean' },
  },
  required: ['username'],
  async run({ app, values, readStdin }) {
    // A password on the command line would land in shell history and the process list.
    const password = flag(values, 'password-stdin') ? (await readStdin()).replace(/\r?\n$/, '') : undefined;
    if (password === '') throw new UsageError('--password-stdin was given but standard input is empty');
    const user = await app.get(AdminUsersService).create(
      {
        username: str(values, 'username')!,
        email: str(values, 'email'),
        name: str(values, 'name'),
        password,
        disabled: flag(values, 'disabled') || undefined,
      },
      CLI_ACTOR,
    );
    return { data: user, text: `Created user ${user.username} (${user.id})` };
  },
};

const usersList: CliCommand = {
  name: 'users list',
  summary: 'List users',
  usage: '[--search <text>] [--limit <n>] [--offset <n>]',
  options: { search: { type: 'string' }, limit: { type: 'string' }, offset: { type: 'string' } },
  async run({ app, values }) {
    const page = await app
      .get(AdminUsersService)
      .list({ search: str(values, 'search'), limit: int(values, 'limit'), offset: int(values, 'offset') });
    const rows = page.items.map((u) => [u.id, u.username, u.email ?? '', u.disabled ? 'disabled' : '']);
    return { data: page, text: table([['ID', 'USERNAME', 'EMAIL', 'STATE'], ...rows]) + `\n${page.total} user(s)` };
  },
};

export const USERS_COMMANDS = [usersCreate, usersList];
