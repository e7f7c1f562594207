import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from './support/test-app';
import { tempDir } from './support/temp-dir';

const DOCS = join(__dirname, '..', 'docs');
const ADMIN_TOKEN = 'docs-examples-admin-token-0123456789abcdef';
const run = promisify(execFile);

interface TestedBlock {
  name: string;
  script: string;
}

/**
 * Every bash block of a page that follows a `<!-- tested by test/docs-examples.e2e-spec.ts: <name> -->`
 * marker, in the page's order: a reader pastes them one after the other into one terminal.
 */
function testedBlocks(page: string): TestedBlock[] {
  const text = readFileSync(join(DOCS, page), 'utf8');
  const marked = /<!-- tested by test\/docs-examples\.e2e-spec\.ts: (\S+) -->\s*```bash\n([\s\S]*?)```/g;
  return [...text.matchAll(marked)].map(([, name, script]) => ({ name, script }));
}

/**
 * Runs the blocks in one bash, as pasted, stopping at the first failing command, each announced by
 * a line `--- <name>` so that what each printed can be told apart.
 */
async function runBlocks(blocks: TestedBlock[], issuer: string, env: Record<string, string>) {
  const script = ['set -euo pipefail', ...blocks.map((b) => `printf '\\n--- %s\\n' ${b.name}\n${b.script}`)]
    .join('\n')
    .replaceAll('http://localhost:3000', issuer);
  const { stdout } = await run('bash', ['-c', script], {
    cwd: tempDir('docs-'),
    env: { PATH: process.env.PATH, ...env },
  });
  const [, ...parts] = stdout.split(/\n--- (\S+)\n/);
  const printed: Record<string, string> = {};
  for (let i = 0; i < parts.length; i += 2) printed[parts[i]] = parts[i + 1];
  return printed;
}

/** The JSON values printed one after the other (curl adds no newline after an answer). */
function jsonValues(text: string): Record<string, unknown>[] {
  const values: Record<string, unknown>[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' && depth++ === 0) start = i;
    else if (c === '}' && --depth === 0) values.push(JSON.parse(text.slice(start, i + 1)) as Record<string, unknown>);
  }
  return values;
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
    // The pages start where the README leaves the reader: after `dev seed`.
    const seeded = await fetch(`${t.url}/admin/dev/seed`, {
      method: 'POST',
      headers: { 'x-admin-token': ADMIN_TOKEN },
    });
    expect(seeded.status).toBe(200);
  });
  afterAll(() => t?.close());

  it('signs a user in with curl as a browser would, then refreshes, calls userinfo, introspects and revokes, each block of relying-parties.md pasted in turn', async () => {
    const blocks = testedBlocks('relying-parties.md');
    expect(blocks.map((b) => b.name)).toEqual([
      'create-client',
      'sign-in',
      'token-requests',
      'password-grant',
      'userinfo',
      'introspection',
      'revocation',
    ]);
    // The access token the reader holds at the end, to see that revoking the grant took it too.
    const last = { name: 'last-access-token', script: 'echo "$ACCESS_TOKEN"\n' };
    const printed = await runBlocks([...blocks, last], t.url, { ADMIN: ADMIN_TOKEN });

    expect(jsonValues(printed['create-client'])).toEqual([expect.objectContaining({ username: 'dana' })]);

    const [callback, ...answers] = printed['sign-in'].trim().split('\n');
    expect(callback).toMatch(/^http:\/\/localhost:8080\/callback\?code=[^&]+&state=xyz&iss=/);
    const userTokens = {
      token_type: 'Bearer',
      scope: 'openid profile offline_access',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      id_token: expect.any(String),
    };
    expect(jsonValues(answers.join('\n'))).toEqual([expect.objectContaining(userTokens)]);

    const [clientToken, refreshed] = jsonValues(printed['token-requests']);
    expect(clientToken).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
    expect(refreshed).toMatchObject(userTokens);

    expect(jsonValues(printed['password-grant']).pop()).toMatchObject({
      ...userTokens,
      scope: 'openid offline_access',
    });

    const [basic, post, publicClient] = jsonValues(printed.introspection);
    expect(basic).toMatchObject({ active: true, username: 'dana', scope: 'openid profile offline_access' });
    expect(post).toEqual(basic);
    expect(publicClient).toEqual({ active: false });
    expect(jsonValues(printed.userinfo)).toEqual([
      expect.objectContaining({ sub: basic.sub, preferred_username: 'dana' }),
    ]);

    expect(printed.revocation.trim().split('\n')).toEqual(['200', '200', '200']);
    const userinfo = await fetch(`${t.url}/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${printed['last-access-token'].trim()}` },
    });
    expect(userinfo.status).toBe(401);
  });

  it('writes no ";" in a Mermaid diagram, which mermaid reads as the end of a statement (escape it as #59;)', () => {
    const problems: string[] = [];
    for (const page of readdirSync(DOCS).filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join(DOCS, page), 'utf8');
      for (const diagram of text.matchAll(/```mermaid\n([\s\S]*?)```/g)) {
        const firstLine = text.slice(0, diagram.index).split('\n').length + 1;
        diagram[1].split('\n').forEach((line, i) => {
          if (/;/.test(line.replace(/#\w+;/g, ''))) problems.push(`${page}:${firstLine + i}: ${line.trim()}`);
        });
      }
    }
    expect(problems).toEqual([]);
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
