// ESLint: the Epic Stack's shared configuration (@epic-web/config), checked in CI.
import { config as epic } from '@epic-web/config/eslint'

export default [
  ...epic,
  {
    // Vitest's expect takes a message as its second argument.
    files: ['**/*.test.*'],
    rules: { 'vitest/valid-expect': ['error', { maxArgs: 2 }] },
  },
  {
    // Test tooling: the benchmarks, the Playwright config and the test-database wrapper share the
    // tests' helpers on purpose.
    files: ['bench/**', 'playwright.config.ts', 'scripts/with-test-db.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Playwright fixtures receive a `use` callback, which is not React's hook.
    files: ['tests/e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    ignores: ['app/generated/**', 'content-build/**', 'data/**', 'test-results/**', 'tests/fixtures/**'],
  },
]
