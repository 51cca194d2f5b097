import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The house rules that hold without anyone remembering them:
 * - a capability is used through its `index.ts`: no import reaches a file inside another folder;
 * - the web never runs SQL: routes call capabilities, which keep SQL in their data-access files;
 * - promises are awaited or handled (type-aware rules).
 */
/**
 * A capability (a folder of src/) is used from outside only through its index.ts. Resolved against the
 * importing file, so a folder's own subfolders (detect/indicators) stay free to import each other.
 */
const throughIndex = {
  meta: {
    type: 'problem',
    messages: { past: '{{target}} is inside {{folder}}/: import {{folder}}/index.ts (its public surface).' },
  },
  create(context) {
    const src = path.join(import.meta.dirname, 'src');
    const folderOf = (file) => {
      const rel = path.relative(src, file).split(path.sep);
      return rel.length > 1 && rel[0] !== '..' ? rel[0] : undefined;
    };
    return {
      ImportDeclaration(node) {
        const spec = node.source.value;
        if (typeof spec !== 'string' || !spec.startsWith('.')) return;
        const target = path.resolve(path.dirname(context.filename), spec);
        const folder = folderOf(target);
        if (!folder || folder === folderOf(context.filename)) return;
        if (path.relative(path.join(src, folder), target) === 'index.ts') return;
        context.report({ node, messageId: 'past', data: { target: spec, folder } });
      },
    };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'dist/', 'public/', 'tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing.ts'],
    plugins: { house: { rules: { 'through-index': throughIndex } } },
    rules: { 'house/through-index': 'error' },
  },
  {
    // SQL lives in data-access files (repo.ts, *-repo.ts) and in the database layer itself.
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing.ts', '**/repo.ts', '**/*-repo.ts', 'src/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          // exec() is also RegExp's: only a database's (db, tx, this.db) is SQL.
          selector:
            'CallExpression[callee.property.name=/^(query|copyText)$/], CallExpression[callee.property.name="exec"][callee.object.name=/^(db|tx|q|client)$/], CallExpression[callee.property.name="exec"][callee.object.property.name="db"]',
          message:
            "SQL belongs in the capability's data-access file (repo.ts or *-repo.ts), and never in src/web.",
        },
      ],
    },
  },
  {
    files: ['src/web/static/**/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        HTMLScriptElement: 'readonly',
        globalThis: 'readonly',
        crypto: 'readonly',
        TextEncoder: 'readonly',
        atob: 'readonly',
        fetch: 'readonly',
      },
    },
  },
);
