// Before each test file: its own database cloned from the migrated template, its own mail
// outbox, and DATABASE_URL set before any app module (and so Prisma) is imported.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, inject } from 'vitest'
import { createDatabase, databaseUrl, dropDatabase } from './database.ts'

process.env.TEST_DATABASE_URL = inject('testServerUrl')
const name = `aula_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
await createDatabase(name, inject('templateDatabase'))
const outbox = mkdtempSync(path.join(os.tmpdir(), 'aula-outbox-'))
const keys = mkdtempSync(path.join(os.tmpdir(), 'aula-keys-'))

process.env.NODE_ENV = 'test'
process.env.CONTENT_BUILD_DIR = inject('contentBuildDir')
process.env.DATABASE_URL = databaseUrl(name)
process.env.DATABASE_POOL_SIZE = '4'
process.env.OUTBOX_DIR = outbox
// The credential signing key is generated on first use, per test file.
process.env.CREDENTIAL_KEY_FILE = path.join(keys, 'credential-key.json')
process.env.APP_URL = 'http://localhost:3000'
process.env.SESSION_SECRET = 'test-session-secret-0123456789'
process.env.LOG_LEVEL = 'silent'
delete process.env.AULA_EMBEDDED_DB
delete process.env.SMTP_URL

afterAll(async () => {
  const { disconnectDatabase } = await import('#app/utils/db.server.ts').catch(() => ({ disconnectDatabase: null }))
  await disconnectDatabase?.()
  const { closeJobQueue } = await import('#app/jobs/runner.server.ts').catch(() => ({ closeJobQueue: null }))
  await closeJobQueue?.()
  await dropDatabase(name)
  rmSync(outbox, { recursive: true, force: true })
  rmSync(keys, { recursive: true, force: true })
})
