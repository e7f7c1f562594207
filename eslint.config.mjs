import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * Module boundaries (docs/architecture.md, "Module boundaries"). Every folder under src/ is a
 * module; a module's files may import only what its layer allows:
 * - foundation (common, database, config) imports no feature module, only each other;
 * - domain modules (and authenticators, the sign-in factors) import no protocol module, nor the admin plane;
 * - protocol modules never import the admin plane;
 * - token, which the other protocol modules build on, imports none of them.
 * Relative imports are resolved by depth, so `../token/x` from src/clients/a.ts is the token
 * module but `../token/x` from src/authorization/flow/a.ts is not. Specs are exempt: a test
 * may wire real collaborators from anywhere.
 */
const FOUNDATION = ['common', 'database', 'config'];
const DOMAIN = ['users', 'clients', 'scopes', 'keys', 'authenticators'];
const PROTOCOL = [
  'authorization',
  'interaction',
  'token',
  'device',
  'introspection',
  'registration',
  'federation',
  'trusted-issuers',
  'discovery',
  'account',
  'logout-channels',
  'factors',
];
// scim is hosted by AdminModule and provisions through the admin services (audited), like the console.
const ADMIN_PLANE = ['admin', 'cli', 'scim'];
const BUILT_ON_TOKEN = PROTOCOL.filter((m) => !['token', 'trusted-issuers', 'discovery'].includes(m));

const MAX_DEPTH = 6;
const alternatives = (names) => names.join('|');
/** An import of one of `modules`, from a file `depth` folders below src/. */
const moduleImport = (modules, depth) => `^(\\.\\./){${depth}}(${alternatives(modules)})(/|$)`;
/** An import of anything in src/ but `modules` (root files such as app.module.ts included). */
const importOutside = (modules, depth) => `^(\\.\\./){${depth}}(?!\\.\\.?/)(?!(${alternatives(modules)})(/|$))`;

/** One config per module and file depth: no-restricted-imports takes the last config's options whole. */
function boundaries(modules, rules) {
  const configs = [];
  for (const module of modules)
    for (let depth = 1; depth <= MAX_DEPTH; depth++)
      configs.push({
        files: [`src/${module}/${'*/'.repeat(depth - 1)}*.ts`],
        ignores: ['**/*.spec.ts'],
        rules: {
          'no-restricted-imports': [
            'error',
            { patterns: rules(module).map(({ regex, message }) => ({ regex: regex(depth), message })) },
          ],
        },
      });
  return configs;
}

const boundaryRules = [
  ...boundaries(FOUNDATION, () => [
    {
      regex: (depth) => importOutside(FOUNDATION, depth),
      message:
        'common, database and config import no feature module: invert it (an injection token, a registry) or move the code.',
    },
  ]),
  ...boundaries(DOMAIN, () => [
    {
      regex: (depth) => moduleImport(PROTOCOL, depth),
      message:
        'Domain modules (users, clients, scopes, keys) never import protocol modules: let the protocol module call in, or register with the domain.',
    },
    {
      regex: (depth) => moduleImport(ADMIN_PLANE, depth),
      message: 'Domain modules never import the admin plane (admin API and console, CLI, SCIM).',
    },
  ]),
  ...boundaries(PROTOCOL, (module) => [
    {
      regex: (depth) => moduleImport(ADMIN_PLANE, depth),
      message:
        'Protocol code never imports the admin plane (admin API and console, CLI, SCIM): call the domain services.',
    },
    ...(module === 'token'
      ? [
          {
            regex: (depth) => moduleImport(BUILT_ON_TOKEN, depth),
            message: 'The token module is what the other protocol modules build on: it imports none of them.',
          },
        ]
      : []),
  ]),
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'scripts/**',
      'coverage/**',
      'node_modules/**',
      '.data/**',
      'bench/results/**',
      '*.js',
      '*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The few scripts the pages load (script-src 'self'): plain browser JavaScript.
    files: ['public/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', navigator: 'readonly', console: 'readonly' },
    },
  },
  {
    files: ['bench/**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    // The example applications: Node scripts, and the single-page app's browser module.
    files: ['examples/**/*.mjs'],
    ignores: ['examples/spa/app.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
      },
    },
  },
  {
    files: ['examples/spa/app.mjs'],
    languageOptions: {
      globals: {
        document: 'readonly',
        location: 'readonly',
        history: 'readonly',
        sessionStorage: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
      },
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  ...boundaryRules,
);
