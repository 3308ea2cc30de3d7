import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/.next-test/**',
      '**/coverage/**',
      '.data/**',
      '.test-data/**',
      'libs/server/src/generated/**',
      'test-artifacts/**',
      '**/next-env.d.ts',
      '.nx/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        AbortSignal: 'readonly',
        confirm: 'readonly',
        matchMedia: 'readonly',
        queueMicrotask: 'readonly',
        window: 'readonly',
        document: 'readonly',
        localStorage: 'readonly',
        navigator: 'readonly',
        requestAnimationFrame: 'readonly',
        cancelAnimationFrame: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        Headers: 'readonly',
        crypto: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Pure libraries: no I/O, no framework (design principle 1).
    files: [
      'libs/apimachinery/**/*.ts',
      'libs/cluster-sim/**/*.ts',
      'libs/kubectl/**/*.ts',
      'libs/platform/**/*.ts',
    ],
    ignores: ['**/*.test.ts', '**/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // Bare module names as `paths` (a pattern would also match a folder named `http`).
          paths: [
            'fs',
            'net',
            'http',
            'https',
            'child_process',
            'pg',
            'ioredis',
            'bullmq',
            'express',
          ].map((name) => ({ name, message: 'libs are pure: no I/O and no framework.' })),
          patterns: [
            {
              group: ['node:*', '@nestjs/*', '@prisma/*', 'socket.io*'],
              message: 'libs are pure: no I/O and no framework.',
            },
          ],
        },
      ],
    },
  },
);
