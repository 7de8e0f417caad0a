// One linter for the whole repository. The boundary rules encode architecture.md §2:
// dependencies point one way and nobody reaches into another package's files.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Forbid imports of the named packages (and deep imports into any @oresight package). */
function boundaries(forbidden, extraPatterns = []) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['@oresight/*/src/*', '@oresight/*/src'],
            message: 'Import a package by its public entry, not its files.',
          },
          ...forbidden.map((name) => ({
            group: [name, `${name}/*`],
            message: `This package may not depend on ${name} (architecture.md §2).`,
          })),
          ...extraPatterns,
        ],
      },
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'test-results/**',
      'bench/out/**',
      'packages/web/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Use explicit named exports (house rule 8).' },
      ],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...boundaries([
        '@oresight/store',
        '@oresight/app',
        '@oresight/server',
        '@oresight/web',
        '@oresight/cli',
        'node:*',
        'fs',
        'path',
        'os',
        'child_process',
        'crypto',
        'worker_threads',
        'better-sqlite3',
        'pg',
        'kysely',
      ]),
    },
  },
  {
    files: ['packages/core/src/domain/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: boundaries(
      ['@oresight/store', '@oresight/app', '@oresight/server', '@oresight/web', '@oresight/cli', 'node:*'],
      [
        {
          group: ['../ingest/*', '../inspect/*', '../simulate/*'],
          message: 'domain depends on nothing (architecture.md §2).',
        },
      ],
    ),
  },
  {
    files: ['packages/core/src/ingest/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: boundaries(
      ['@oresight/store', '@oresight/app', '@oresight/server', '@oresight/web', '@oresight/cli', 'node:*'],
      [
        {
          group: ['../inspect/*', '../simulate/*'],
          message: 'ingest depends on domain only (architecture.md §2).',
        },
      ],
    ),
  },
  {
    files: ['packages/core/src/inspect/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: boundaries(
      ['@oresight/store', '@oresight/app', '@oresight/server', '@oresight/web', '@oresight/cli', 'node:*'],
      [
        {
          group: ['../ingest/*', '../simulate/*'],
          message: 'inspect depends on domain only (architecture.md §2).',
        },
      ],
    ),
  },
  {
    files: ['packages/core/src/simulate/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: boundaries(
      ['@oresight/store', '@oresight/app', '@oresight/server', '@oresight/web', '@oresight/cli', 'node:*'],
      [
        {
          group: ['../ingest/*', '../inspect/*'],
          message: 'simulate depends on domain only (architecture.md §2).',
        },
      ],
    ),
  },
  {
    files: ['packages/store/src/**/*.ts'],
    rules: boundaries(['@oresight/app', '@oresight/server', '@oresight/web', '@oresight/cli']),
  },
  {
    files: ['packages/app/src/**/*.ts'],
    rules: boundaries(['@oresight/server', '@oresight/web', '@oresight/cli']),
  },
  { files: ['packages/server/src/**/*.ts'], rules: boundaries(['@oresight/web', '@oresight/cli']) },
  { files: ['packages/cli/src/**/*.ts'], rules: boundaries(['@oresight/web', '@oresight/store']) },
  {
    files: ['packages/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: boundaries(
      ['@oresight/store', '@oresight/app', '@oresight/server', '@oresight/cli', 'node:*'],
      [
        {
          group: ['@oresight/core/ingest', '@oresight/core/inspect', '@oresight/core/simulate'],
          message: 'The web uses core types (domain) and the API client only.',
        },
      ],
    ),
  },
);
