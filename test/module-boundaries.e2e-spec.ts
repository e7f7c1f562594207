import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Lints `source` as if it were the file at `path`, with the repository's eslint.config.mjs. */
function lint(files: { path: string; source: string }[]): { path: string; messages: string[] }[] {
  // ESLint loads its flat config with import(), which jest's module system does not offer: run it apart.
  const script = `
    const { ESLint } = require('eslint');
    (async () => {
      const eslint = new ESLint({ cwd: ${JSON.stringify(ROOT)} });
      const files = JSON.parse(process.argv[1]);
      const out = [];
      for (const f of files) {
        const [result] = await eslint.lintText(f.source, { filePath: f.path });
        out.push({ path: f.path, messages: result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message) });
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script, JSON.stringify(files)], { cwd: ROOT }).toString());
}

const importing = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;

describe('module boundaries (npm run lint)', () => {
  it('refuses the imports that cross a layer, and allows the ones that follow it', () => {
    const results = lint([
      { path: 'src/clients/probe.ts', source: importing('../token/issuing/token-issuer') },
      { path: 'src/users/access/probe.ts', source: importing('../../admin/users/admin-users.service') },
      { path: 'src/common/errors/probe.ts', source: importing('../../metrics/metrics.service') },
      { path: 'src/config/probe.ts', source: importing('../rate-limit/rate-limited-endpoints') },
      { path: 'src/token/grants/probe.ts', source: importing('../../device/device.module') },
      { path: 'src/device/verification/probe.ts', source: importing('../../admin/admin.module') },
      // Allowed: a protocol module on a domain module, a folder of its own named like a module (by
      // depth, ../admin from src/authorization/flow is src/authorization/admin), config on common.
      { path: 'src/token/grants/allowed.ts', source: importing('../../clients/client.entity') },
      { path: 'src/authorization/flow/allowed.ts', source: importing('../admin/x') },
      { path: 'src/config/allowed.ts', source: importing('../common/http/project-root') },
      { path: 'src/device/allowed.ts', source: importing('../token/token.module') },
    ]);
    const refused = results.filter((r) => r.messages.length > 0).map((r) => r.path);
    expect(refused).toEqual([
      'src/clients/probe.ts',
      'src/users/access/probe.ts',
      'src/common/errors/probe.ts',
      'src/config/probe.ts',
      'src/token/grants/probe.ts',
      'src/device/verification/probe.ts',
    ]);
    expect(results[0].messages[0]).toMatch(/Domain modules .* never import protocol modules/);
  });
});
