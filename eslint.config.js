import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'migrations-plan/schema/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        document: 'readonly',
        localStorage: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The API reads only the read model, through the viewer's catalog, and changes only through
    // the engine's commands: no router can reach a source, the tracker or capacity (and so
    // forget the viewer's scope, or re-derive a figure differently from the engine).
    files: ['server/src/api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/sources/**', '**/tracker/**', '**/capacity/**', '**/service/*-service.ts'],
              message:
                'The API reads through ctx.data (read-model/catalog.ts), never a source or the engine.',
            },
            {
              group: ['**/engine/**'],
              allowTypeImports: true,
              message: 'The API asks the engine through ctx.commands only.',
            },
          ],
        },
      ],
    },
  },
);
