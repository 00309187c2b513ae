// ESLint: typescript-eslint's type-aware rules, and the layers of the tree kept by
// import rules: definitions imports nothing of ours outside definitions/, documents/
// (the renderers) nothing but definitions; the engine nothing above it; the API and
// the CLI reach the engine through engine/index.ts only; the web UI never imports the
// engine; server/ wires the layers through their doors. Tests, benchmarks and scripts
// may reach inside (they test and measure the insides).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Relative imports that climb out of the importing folder into one of these folders. */
const into = (folders, rest = '(/|$)') => `^(\\.\\./)+(${folders.join('|')})${rest}`;

/** SQL and database drivers: the engine's store alone speaks to the database. */
const DATABASE_PACKAGES = ['drizzle-orm', 'drizzle-orm/*', 'drizzle-kit', 'postgres', '@electric-sql/pglite', '@electric-sql/pglite/*'];

const noDatabase = { group: DATABASE_PACKAGES, message: 'Only the engine talks to the database: use the engine’s surface (engine/index.ts).' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'drizzle/**', 'docs/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Unused parameters named with a leading underscore are kept on purpose (a hook's signature).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Numbers and booleans in template strings are how messages are written here (`${n} instances`); objects are still refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    files: ['tests/**'],
    rules: {
      // Vitest's asymmetric matchers (expect.any, expect.objectContaining) are typed `any`, and tests put them inside expected values.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    // Plain JavaScript (this file, the bin shim): no type information to lint with.
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },

  // ---------------------------------------------------------------- the layers
  {
    files: ['definitions/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: into(['engine', 'api', 'ui', 'cli', 'server', 'tests', 'bench', 'scripts']),
              message: 'definitions/ is the language: it imports nothing of ours outside definitions/.',
            },
            noDatabase,
          ],
        },
      ],
    },
  },
  {
    files: ['documents/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: into(['engine', 'api', 'ui', 'cli', 'server', 'tests', 'bench', 'scripts']),
              message: 'documents/ renders documents from facts: it imports nothing of ours but definitions/.',
            },
            noDatabase,
          ],
        },
      ],
    },
  },
  {
    files: ['engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: into(['api', 'ui', 'cli', 'server', 'tests', 'bench', 'scripts']), message: 'The engine imports nothing above it.' }] },
      ],
    },
  },
  {
    files: ['api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: into(['engine'], '/(?!index\\.js$)'), message: 'Reach the engine through its one door: engine/index.ts.' },
            {
              regex: into(['ui', 'server', 'cli', 'tests', 'bench', 'scripts']),
              message: 'The API imports neither the web UI, the CLI, the server process nor tooling.',
            },
            noDatabase,
          ],
        },
      ],
    },
  },
  {
    files: ['cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: into(['engine'], '/(?!index\\.js$)'), message: 'Reach the engine through its one door: engine/index.ts.' },
            {
              regex: into(['api', 'ui', 'server', 'tests', 'bench', 'scripts']),
              message: 'The CLI imports neither the API, the web UI, the server process nor tooling.',
            },
            noDatabase,
          ],
        },
      ],
    },
  },
  {
    files: ['ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: into(['engine']), message: 'The web UI never imports the engine: it talks to the server through the HTTP API.' },
            { regex: into(['api'], '/(?!index\\.js$)'), message: 'The web UI knows the API by its door (api/index.ts), for types.' },
            { regex: into(['cli', 'server', 'tests', 'bench', 'scripts']), message: 'The web UI imports neither the CLI, the server process nor tooling.' },
            noDatabase,
          ],
        },
      ],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: into(['engine'], '/(?!index\\.js$)'), message: 'Wire the engine through its door: engine/index.ts.' },
            { regex: into(['api'], '/(?!index\\.js$)'), message: 'Wire the API through its door: api/index.ts.' },
            { regex: into(['ui'], '/(?!server\\.js$)'), message: 'Mount the web UI through ui/server.ts.' },
            { regex: into(['cli', 'tests', 'bench', 'scripts']), message: 'The server process imports neither the CLI nor tooling.' },
            noDatabase,
          ],
        },
      ],
    },
  },
);
