// Runs the Prisma CLI (wasm engine, see prisma.config.ts) as a child process.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import pg from 'pg'
import { z } from 'zod'
import { ROOT } from './root.ts'

const require = createRequire(import.meta.url)
const PRISMA_BIN = require.resolve('prisma/build/index.js')

export function runPrisma(args: string[], options: { databaseUrl: string; capture?: boolean }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PRISMA_BIN, ...args], {
      env: { ...process.env, DATABASE_URL: options.databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', options.capture ? 'pipe' : 'inherit', options.capture ? 'pipe' : 'inherit'],
    })
    let out = ''
    let err = ''
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.once('exit', (code) => {
      if (code === 0) resolve(out)
      else reject(new Error(`prisma ${args.join(' ')} failed (exit ${code})${err ? `:\n${err}` : ''}`))
    })
  })
}

/** Where the Prisma migrations are (prisma.config.ts), one folder with a migration.sql each. */
export const MIGRATIONS_DIR = path.join(ROOT, 'prisma/migrations')

const AppliedRow = z.object({ migration_name: z.string() })

/**
 * The migration folders the database has not applied yet, oldest first: those without a finished,
 * not rolled back row in Prisma's `_prisma_migrations` (every folder when the table is missing).
 * A failed migration counts as pending, so `prisma migrate deploy` runs and reports it.
 */
export async function pendingMigrations(databaseUrl: string, migrationsDir = MIGRATIONS_DIR): Promise<string[]> {
  const folders = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    // Prisma's table, looked up like Prisma does: on the connection's search path.
    const table = await client.query<{ present: boolean }>(
      `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`,
    )
    if (!table.rows[0]?.present) return folders
    const applied = await client.query(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    )
    const done = new Set(applied.rows.map((row) => AppliedRow.parse(row).migration_name))
    return folders.filter((folder) => !done.has(folder))
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Applies every migration: the job library's schema first (a Prisma migration may add jobs, and
 * the app adds jobs from its first request: ADR 012), then Prisma's (`prisma migrate deploy`).
 * Server start (embedded database and your own alike), `npm run db:migrate`, the tests' template
 * database and the benchmarks use it.
 * The Prisma CLI runs only when a migration folder is not applied yet: after its work it idles
 * on a timer for ~10 s, most of a warm start (ADR 027). The job library checks its own version
 * in one query, so it always runs.
 */
export async function migrateDeploy(databaseUrl: string): Promise<{ pending: string[]; output: string }> {
  const { migrateJobQueue } = await import('#app/jobs/schema.server.ts')
  await migrateJobQueue(databaseUrl)
  const pending = await pendingMigrations(databaseUrl)
  if (pending.length === 0) return { pending, output: 'No pending migrations: the database has every one.' }
  return { pending, output: await runPrisma(['migrate', 'deploy'], { databaseUrl, capture: true }) }
}
