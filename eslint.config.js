// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/**', '.tools/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { URL: 'readonly', console: 'readonly', process: 'readonly' } },
  },
  {
    // Data flows one way: the library never touches the process; only the CLI does.
    files: ['src/**/*.ts'],
    // The Lambda entry point is a process boundary too (its environment, its log).
    ignores: ['src/cli/**', 'src/guard/config-rule/lambda-entry.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-globals': ['error', { name: 'process', message: 'Only src/cli may touch process.*' }],
    },
  },
  {
    // The timeline's pure half (parsing, timeline, evidence, rendering) is also fed from files: no I/O.
    files: ['src/evidence/live/{events,timeline,render,types,health-evidence}.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            '@aws-sdk/*',
            '@smithy/*',
            '../../cli/*',
            '../../collect/*',
            './cloudtrail.js',
            './health.js',
            './clients.js',
          ],
        },
      ],
    },
  },
  {
    files: ['src/model/**/*.ts', 'src/simulate/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '../diagnose/*',
            '../report/*',
            '../cli/*',
            'node:fs',
            'node:http',
            'node:https',
            'node:net',
          ],
        },
      ],
    },
  },
);
