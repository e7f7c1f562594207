import { CLI_ACTOR } from '../../audit/audit-event-input';
import { AdminCredentialsService } from '../../admin/credentials/admin-credentials.service';
import type { CliCommand } from '../cli-command';
import { str } from '../cli-values';

const adminTokenRotate: CliCommand = {
  name: 'admin-token rotate',
  summary: 'Replace every admin credential with one new admin token, printed once',
  usage: '[--name <label>]',
  options: { name: { type: 'string' } },
  async run({ app, values }) {
    const issued = await app
      .get(AdminCredentialsService)
      .replaceAll(str(values, 'name') ?? 'command line', 'cli', CLI_ACTOR);
    // Only the token on standard output, so `TOKEN=$(npm run -s cli -- admin-token rotate)` works.
    return {
      data: issued,
      text: issued.token,
      notice: `New admin token for "${issued.credential.name}", shown once; every other admin credential is revoked.`,
    };
  },
};

export const ADMIN_TOKEN_COMMANDS = [adminTokenRotate];
