// One lint configuration for every workspace. Besides the recommended rules it enforces the dependency
// direction of ARCHITECTURE.md: contracts ← deck / srs / lab / db ← apps, and the web app talks to the API only.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const group = (names, message) => ({ group: names, message });
const deep = group(['@recurrence/*/src/*', '**/packages/*/src/*', '**/apps/*/src/*'], 'import a package through its exports map, not its files');

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.next/**', '**/generated/**', '**/next-env.d.ts', '**/test-results/**', '**/playwright-report/**'] },
  js.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  { files: ['apps/web/**'], languageOptions: { globals: { ...globals.browser } } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.{ts,tsx,js,mjs}'], rules: restrict([deep]) },
  {
    files: ['packages/contracts/**'],
    rules: restrict([deep, group(['@recurrence/*'], 'contracts depend on zod only')]),
  },
  {
    files: ['packages/deck/**', 'packages/srs/**', 'packages/lab/**', 'packages/db/**'],
    rules: restrict([deep, group(['@recurrence/api', '@recurrence/web', '@recurrence/deck', '@recurrence/srs', '@recurrence/lab', '@recurrence/db'], 'domain packages depend on @recurrence/contracts only')]),
  },
  {
    files: ['packages/transfer/**'],
    rules: restrict([deep, group(['@recurrence/api', '@recurrence/web', '@recurrence/lab', '@recurrence/db'], 'transfer reads and writes files; it depends on contracts, deck and srs, never on the database')]),
  },
  {
    files: ['apps/web/**'],
    rules: restrict([deep, group(['@recurrence/db', '@recurrence/db/*', '@recurrence/lab', '@recurrence/prisma', '@recurrence/prisma/*', '@recurrence/api', '@tensorflow/*'], 'the web app talks to the API; it never imports the database, the lab or the API code')]),
  },
  {
    // On SQLite a Prisma transaction must wait its turn at the write gate next to the study store (ARCHITECTURE.md).
    files: ['apps/**', 'bench/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='$transaction']", message: 'use transaction(prisma, fn) from @recurrence/db: it passes the SQLite write gate' },
      ],
    },
  },
);
