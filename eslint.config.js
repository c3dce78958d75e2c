// Lint: typescript-eslint's type-checked recommendations, plus the architecture's boundaries
// (DESIGN.md: faces → verbs → ports ← adapters; the core imports no CI SDK; product code never
// imports the sandbox). Run by `npm run lint` and by test/lint.test.ts inside `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sandbox = {
  group: ['@gitops-actions/sandbox', '**/sandbox/src/**', '**/packages/sandbox/**'],
  message: 'product code must not depend on the test sandbox',
};
const faces = {
  group: ['@actions/*', '@gitops-actions/cli', '**/packages/cli/**', '**/cli/src/**', '**/actions/**'],
  message: 'the core imports no CI SDK and no face',
};
const adapters = {
  group: ['**/envrepo/git.js', '**/envrepo/github.js', '**/envrepo/gitlab.js', '**/health/argocd.js', '**/health/flux.js', '**/health/http.js'],
  message: 'a verb talks to ports (envrepo/port.ts, health/types.ts), not to an adapter',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/node_modules/**', 'bench/.work/**', '.tmp/**', '.tmp-*', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Tests and adapters read untyped JSON from remotes on purpose; keep these as warnings-free info.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['packages/core/src/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [faces, sandbox] }] } },
  { files: ['packages/core/src/verbs/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [faces, sandbox, adapters] }] } },
  { files: ['packages/cli/src/**/*.ts', 'actions/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [sandbox] }] } },
  {
    // Tests, benches and the stand-in servers read untyped JSON on purpose: String(x) is the coercion meant there.
    files: ['**/test/**/*.ts', '**/*.test.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'packages/sandbox/src/**/*.ts'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
);
