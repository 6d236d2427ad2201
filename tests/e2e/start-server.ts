// Starts one Aula production server for the end-to-end run (Playwright's `webServer`), and
// cleans up after it once it has stopped:
//   postgres  a fresh PostgreSQL database made for this run (dropped when the server exits),
//             migrated and seeded with the demo accounts here, as a test, before the server
//             starts (production refuses SEED_DEMO_DATA, ADR 011)
//   embedded  no DATABASE_URL, so the server starts its own embedded PostgreSQL in a fresh folder
//             and migrates it; production needs the explicit opt-in EMBEDDED_DATABASE_IN_PRODUCTION
//             and seeds no demo accounts (the folder is removed afterwards)
// Both get a credential signing key written into the run's folder (production never makes one).
// Playwright starts web servers *before* globalSetup and stops them *after* globalTeardown, so
// the database and folders cannot be made or removed there: this wrapper does both around the
// server's life. Playwright stops the server with SIGTERM to the whole process group (see
// gracefulShutdown in playwright.config.ts); the server shuts its HTTP side, its workers and
// the embedded PostgreSQL down, and this wrapper then cleans up and exits with the server's code.
import { spawn } from 'node:child_process'
import { mkdirSync, rmdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDatabase, dropDatabase } from '#tests/setup/database.ts'
import { seedDemoAccounts, writeSigningKey } from '../production-server.ts'
import { e2eDatabaseUrl, serverDirs, type ServerName } from './paths.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const mode = process.argv[2] as ServerName
if (mode !== 'postgres' && mode !== 'embedded') {
  console.error('usage: start-server.ts postgres|embedded')
  process.exit(2)
}

const dirs = serverDirs(mode)
rmSync(dirs.root, { recursive: true, force: true })
mkdirSync(dirs.outbox, { recursive: true })

// The credential key is written into the run's folder (production would set CREDENTIAL_SIGNING_KEY).
const keyFile = path.join(dirs.root, 'credential-key.json')
await writeSigningKey(keyFile)
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  OUTBOX_DIR: dirs.outbox,
  CREDENTIAL_KEY_FILE: keyFile,
}
// Mail must land in the outbox, never go out; demo data only the way set up below.
delete env.SMTP_URL
delete env.SEED_DEMO_DATA
delete env.EMBEDDED_DATABASE_IN_PRODUCTION
let cleanup: () => Promise<void>

if (mode === 'postgres') {
  const name = process.env.AULA_E2E_DATABASE
  if (!name) throw new Error('AULA_E2E_DATABASE is not set (playwright.config.ts sets it)')
  await createDatabase(name)
  env.DATABASE_URL = e2eDatabaseUrl()
  await seedDemoAccounts(env.DATABASE_URL)
  delete env.EMBEDDED_DB_PORT
  delete env.EMBEDDED_DB_DIR
  cleanup = async () => {
    await dropDatabase(name)
  }
} else {
  // Nothing says where the database is: the embedded one, which production takes only with the opt-in.
  delete env.DATABASE_URL
  env.EMBEDDED_DATABASE_IN_PRODUCTION = 'true'
  env.EMBEDDED_DB_DIR = dirs.database
  cleanup = async () => {}
}

// Started from another folder, as a service manager may start it: what it reads is the project's.
const server = spawn(process.execPath, ['--enable-source-maps', path.join(ROOT, 'build/server/main.js')], {
  cwd: os.tmpdir(),
  env,
  stdio: 'inherit',
})
// playwright.config.ts lets the next server start on this line; global-setup.ts then waits for
// both to answer /healthz (Playwright starts web servers one after the other otherwise).
console.log(`[aula-e2e] starting the ${mode} server (pid ${server.pid})`)

// If only this wrapper is signalled (not the whole group), pass it on; the server ignores repeats.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (server.exitCode === null) server.kill(signal)
  })
}

server.once('exit', (code, signal) => {
  void (async () => {
    try {
      await cleanup()
    } catch (error) {
      console.error(`[${mode}] clean-up failed:`, error)
    }
    rmSync(dirs.root, { recursive: true, force: true })
    // The run folder holds both servers' folders; the last one out removes it.
    try {
      rmdirSync(path.dirname(dirs.root))
    } catch {
      // the other server still uses it
    }
    process.exit(code ?? (signal ? 1 : 0))
  })()
})
