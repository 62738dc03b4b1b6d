import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'coverage/**', '.nx/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through @simvault/core loadConfig().',
        },
      ],
    },
  },
  {
    files: [
      'libs/core/src/config/**',
      '**/*.spec.ts',
      '**/testing/**',
      '**/test/**',
      'bench/**',
      'e2e/**',
      // Not a Simvault app: the object store's own OBJECT_STORE_* settings (docker-compose.yml).
      'docker/object-store/**',
      'jest.config.js',
      'libs/db/src/testing/**',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
