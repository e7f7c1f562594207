import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Each table is read and written only by the module that owns it: the module whose entity
 * declares it (docs/architecture.md, "Data"). Others ask the owner's services. This check finds
 * SQL naming a table outside its owner: FROM/JOIN/INTO/UPDATE/TABLE <table>, or a purge rule.
 */
const SRC = join(__dirname, '..');

// Tables no entity declares, with their owners.
const WITHOUT_ENTITY: Record<string, string> = { rate_limits: 'rate-limit' };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The module a file belongs to: its folder under src, or under src/common (common holds several). */
function moduleOf(path: string): string {
  const [first, second] = relative(SRC, path).split(sep);
  return first === 'common' ? `common/${second}` : first;
}

const files = sourceFiles(SRC).map((path) => ({ path, module: moduleOf(path), text: readFileSync(path, 'utf8') }));

function owners(): Map<string, string> {
  const found = new Map(Object.entries(WITHOUT_ENTITY));
  for (const file of files)
    for (const [, table] of file.text.matchAll(/@Entity\('([a-z_]+)'\)/g)) found.set(table, file.module);
  return found;
}

/** Entity class names, with the module that declares them. */
function entityOwners(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files)
    for (const [, name] of file.text.matchAll(/@Entity\('[a-z_]+'\)(?:\s*@[^\n]*)*\s*export class (\w+)/g))
      found.set(name, file.module);
  return found;
}

describe('table owners', () => {
  const tables = owners();

  it('finds the owner of every table', () => {
    expect(tables.get('users')).toBe('users');
    expect(tables.get('tokens')).toBe('token');
    expect(tables.size).toBeGreaterThan(30);
  });

  it('has no SQL naming a table outside the module that owns it', () => {
    const strays: string[] = [];
    for (const [table, owner] of tables) {
      const named = new RegExp(`\\b(FROM|JOIN|INTO|UPDATE|TABLE)\\s+${table}\\b|table: '${table}'`);
      for (const file of files)
        if (file.module !== owner && named.test(file.text))
          strays.push(`${relative(SRC, file.path)} names ${table} (owned by ${owner})`);
    }
    expect(strays).toEqual([]);
  });

  it("has no repository of another module's entity", () => {
    const entities = entityOwners();
    expect(entities.get('User')).toBe('users');
    const strays: string[] = [];
    for (const [entity, owner] of entities) {
      const used = new RegExp(`(InjectRepository|getRepository)\\(${entity}\\)|forFeature\\(\\[[^\\]]*\\b${entity}\\b`);
      for (const file of files)
        if (file.module !== owner && used.test(file.text))
          strays.push(`${relative(SRC, file.path)} uses the repository of ${entity} (owned by ${owner})`);
    }
    expect(strays).toEqual([]);
  });
});
