// Where this end-to-end run keeps its things. playwright.config.ts fixes the run's names in
// environment variables once (in the runner process); the web servers and the test workers
// inherit them, so everyone agrees on the database and the outbox folders.
import path from 'node:path'
import { databaseUrl } from '#tests/setup/database.ts'

export type ServerName = 'postgres' | 'embedded'

// E2E_PORT_BASE moves both servers (base+1, base+2), the dev server (base+3, its HMR socket base+4),
// the crash test's server (base+5), the translations test's server (base+7), the multi-node test's
// proxy and nodes (base+10..12) and the embedded database (base+51299), so two checkouts can run
// their end-to-end tests side by side.
const base = Number(process.env.E2E_PORT_BASE ?? 3100)

export const SERVERS = {
  postgres: { port: base + 1, url: `http://localhost:${base + 1}` },
  embedded: { port: base + 2, url: `http://localhost:${base + 2}`, databasePort: base + 51299 },
} as const satisfies Record<ServerName, { port: number; url: string; databasePort?: number }>

/** The development server of tests/e2e/dev-server.spec.ts (`npm run dev`), and its Vite HMR socket. */
export const DEV_SERVER = { port: base + 3, hmrPort: base + 4, url: `http://localhost:${base + 3}` } as const

/** The server tests/e2e/embedded-crash.spec.ts starts on an embedded database. */
export const CRASH_SERVER = { port: base + 5, url: `http://localhost:${base + 5}` } as const

/** tests/e2e/translations.spec.ts: a production server of its own on a course missing translations. */
export const TRANSLATIONS_SERVER = { port: base + 7, url: `http://localhost:${base + 7}` } as const

/** tests/e2e/multi-node.spec.ts: a round-robin proxy (base+10) in front of two app nodes (base+11, base+12). */
export const MULTI_NODE = {
  proxy: { port: base + 10, url: `http://localhost:${base + 10}` },
  nodes: { a: base + 11, b: base + 12 },
} as const

function required(name: string): string {
  const value = process.env[name]
  if (!value)
    throw new Error(
      `${name} is not set: run the end-to-end tests with \`npm run test:e2e\` (playwright.config.ts sets it)`,
    )
  return value
}

export function runDir(): string {
  return required('AULA_E2E_RUN_DIR')
}

export function serverDirs(server: ServerName) {
  const root = path.join(runDir(), server)
  return { root, outbox: path.join(root, 'outbox'), database: path.join(root, 'postgres') }
}

/**
 * The database the "postgres" server uses for this run, on the PostgreSQL server of TEST_DATABASE_URL
 * (same variable as the Vitest setup; `npm run test:e2e` runs through scripts/with-test-db.ts, which
 * starts an embedded one if unset). The specs that need a database of their own make and drop it with
 * tests/setup/database.ts.
 */
export function e2eDatabaseUrl(): string {
  return databaseUrl(required('AULA_E2E_DATABASE'))
}
