// ESLint (flat config): typescript-eslint's recommended rules on every TypeScript
// and JavaScript file of the project, eslint-plugin-astro's on the .astro files.
// `npm run lint` runs it with knip (knip.json: unused files, exports, dependencies).
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['**/.venv*/', '**/node_modules/', '**/__pycache__/', 'dist/', 'dist.building/', 'dist.old/', '.astro/', '.test-dist/', 'test-results/', 'playwright-report/', '.bench-work/', 'bench/**/target/', 'bench/**/node_modules/', 'bench/**/dist/', 'bench/**/build/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a parameter or a destructured field left out on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      // `ok ? passed++ : failed++` counts outcomes (scripts/test.ts); other unused expressions stay errors.
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true }],
    },
  },
  {
    // Scripts the browser runs.
    files: ['public/**/*.js', 'src/scripts/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
