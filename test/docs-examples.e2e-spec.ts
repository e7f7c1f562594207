import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from './support/test-app';
import { tempDir } from './support/temp-dir';

const DOCS = join(__dirname, '..', 'docs');
const ADMIN_TOKEN = 'docs-examples-admin-token-0123456789abcdef';
const run = promisify(execFile);

/** The bash block that follows `<!-- tested by test/docs-examples.e2e-spec.ts: <name> -->` in a page. */
function testedBlock(page: string, name: string): string {
  const text = readFileSync(join(DOCS, page), 'utf8');
  const marker = `<!-- tested by test/docs-examples.e2e-spec.ts: ${name} -->`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`${page} has no block marked ${name}`);
  const block = /```bash\n([\s\S]*?)```/.exec(text.slice(at));
  if (!block) throw new Error(`${page}: no bash block after the ${name} marker`);
  return block[1];
}

interface DocumentedRequest {
  where: string;
  method: string;
  path: string;
  body?: Record<string, unknown>;
}

/**
 * Every admin API request in the manual's bash blocks: a curl command (continued over lines by a
 * backslash or an open quote) to a path under /admin (but the Swagger UI and the console).
 */
function documentedAdminRequests(): DocumentedRequest[] {
  const requests: DocumentedRequest[] = [];
  for (const page of readdirSync(DOCS).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(DOCS, page), 'utf8');
    for (const [, block] of text.matchAll(/```bash\n([\s\S]*?)```/g)) {
      const commands: string[] = [];
      let pending = '';
      for (const line of block.split('\n')) {
        if (!pending && line.trim().startsWith('#')) continue;
        pending = pending ? `${pending}\n${line}` : line;
        const openQuote = (pending.match(/'/g) ?? []).length % 2 === 1;
        if (pending.endsWith('\\') || openQuote) continue;
        commands.push(pending.replace(/\\\n/g, ' '));
        pending = '';
      }
      for (const command of commands) {
        const target = /(?:\$S|http:\/\/localhost:3000)(\/admin\/[^\s'"?#]*)/.exec(command);
        if (!command.includes('curl') || !target || /^\/admin\/(docs|console)/.test(target[1])) continue;
        const data = dataArgument(command);
        const method = /-X\s+([A-Z]+)/.exec(command)?.[1] ?? (data === undefined ? 'GET' : 'POST');
        const where = `${page}: ${command.split('\n')[0].slice(0, 100)}`;
        let body: Record<string, unknown> | undefined;
        if (data !== undefined) {
          try {
            body = JSON.parse(data) as Record<string, unknown>;
          } catch {
            throw new Error(`${where}: the body is not JSON`);
          }
        }
        requests.push({ where, method, path: target[1], body });
      }
    }
  }
  return requests;
}

/**
 * The word after -d, as the shell reads it: quoted parts side by side make one word, and a
 * variable spliced in ("$VAR") stands for some string.
 */
function dataArgument(command: string): string | undefined {
  const start = /(?:^|\s)(?:-d|--data)\s+/.exec(command);
  if (!start) return undefined;
  let word = '';
  for (let i = start.index + start[0].length; i < command.length && !/\s/.test(command[i]);) {
    const quote = command[i];
    if (quote !== "'" && quote !== '"') {
      word += command[i++];
      continue;
    }
    const end = command.indexOf(quote, i + 1);
    const part = command.slice(i + 1, end);
    word += quote === '"' ? part.replace(/\$\w+/g, 'x') : part;
    i = end + 1;
  }
  return word;
}

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref?: string } }> } }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

describe('the manual’s examples', () => {
  let t: TestApp;

  beforeAll(async () => {
    // With the development endpoints, which cli.md documents too.
    t = await startTestApp({ ADMIN_TOKEN, ENABLE_DEV_ENDPOINTS: 'true' });
  });
  afterAll(() => t?.close());

  it('creates a client and a user, then gets tokens with the password grant, as pasted from relying-parties.md', async () => {
    const script = [
      'set -euo pipefail',
      testedBlock('relying-parties.md', 'create-client'),
      testedBlock('relying-parties.md', 'password-grant'),
    ]
      .join('\n')
      .replaceAll('http://localhost:3000', t.url);
    const { stdout } = await run('bash', ['-c', script], {
      cwd: tempDir('docs-'),
      env: { PATH: process.env.PATH, ADMIN: ADMIN_TOKEN },
    });
    // The token response is the last JSON object printed (curl adds no newline between answers).
    const tokens = JSON.parse(stdout.slice(stdout.lastIndexOf('{"access_token"'))) as Record<string, unknown>;
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      scope: 'openid offline_access',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      id_token: expect.any(String),
    });
  });

  it('documents only admin requests the OpenAPI document has, with only the fields it names', async () => {
    const doc = (await (await fetch(`${t.url}/admin/docs-json`)).json()) as OpenApi;
    const routes = Object.entries(doc.paths).map(([template, operations]) => ({
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      operations,
    }));
    const requests = documentedAdminRequests();
    expect(requests.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const request of requests) {
      const route = routes.find((r) => r.pattern.test(request.path));
      const operation = route?.operations[request.method.toLowerCase()];
      if (!operation) {
        problems.push(`${request.where}: no ${request.method} ${request.path}`);
        continue;
      }
      if (!request.body) continue;
      const ref = operation.requestBody?.content['application/json']?.schema.$ref;
      const properties = ref ? doc.components.schemas[ref.split('/').pop()!].properties : undefined;
      if (!properties) {
        problems.push(`${request.where}: ${request.method} ${request.path} takes no JSON body`);
        continue;
      }
      for (const field of Object.keys(request.body))
        if (!(field in properties)) problems.push(`${request.where}: ${field} is not a field of ${ref}`);
    }
    expect(problems).toEqual([]);
  });
});
