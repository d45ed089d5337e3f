// ESLint with typescript-eslint's type-aware rules, the import boundaries of the layout, and
// Prettier for the shape of the code (eslint-config-prettier turns off what Prettier owns).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** What production code must never load: the sandbox and the simulated platforms ship only with `npm start`. */
const SANDBOX = [
  { group: ['**/sandbox/**', '**/sandbox'], message: 'production code never imports the sandbox (gateway/sandbox is its own entry point)' },
  { group: ['**/*-simulator', '**/simulators', '**/simulator-*'], message: 'simulators belong to the sandbox only' },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'bench/.build/**',
      'test-artifacts/**',
      '.sandbox/**',
      'helm/**',
      '**/*.cjs',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Tests and fixtures read untyped JSON on purpose; production code is strict through tsc.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    // Adapters are pure platform knowledge: they never reach into routing, the store, HTTP or the sandbox.
    files: ['adapters/**/*.ts'],
    ignores: ['adapters/**/*-simulator.ts', 'adapters/simulators.ts', 'adapters/common/simulator-*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/gateway/routing/**', '**/gateway/store/**', '**/gateway/http/**'],
              message: 'adapters never import routing, the store or HTTP',
            },
            ...SANDBOX,
          ],
        },
      ],
    },
  },
  {
    files: ['gateway/**/*.ts'],
    ignores: ['gateway/sandbox/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: SANDBOX }] },
  },
  prettier,
);
