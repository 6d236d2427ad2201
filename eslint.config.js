// ESLint: the Epic Stack's shared configuration (@epic-web/config), checked in CI.
import { config as epic } from '@epic-web/config/eslint'

export default [
  ...epic,
  {
    // Vitest's expect takes a message as its second argument.
    files: ['**/*.test.*', 'tests/**'],
    rules: { 'vitest/valid-expect': ['error', { maxArgs: 2 }] },
  },
  {
    ignores: ['app/generated/**', 'content-build/**', 'data/**', 'test-results/**', 'tests/fixtures/**'],
  },
]
