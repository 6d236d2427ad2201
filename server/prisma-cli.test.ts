// Migrations at start-up (ADR 027): the Prisma CLI runs only when a migration folder is not
// applied yet, so a warm start skips its ~10 s idle timer; a pending migration is still applied,
// and a failed one is not mistaken for applied. Real PostgreSQL: this file's database is a clone
// of the migrated template (tests/setup/setup-file.ts).
import { readdirSync } from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createDatabase, databaseUrl, dropDatabase } from '#tests/setup/database.ts'
import { MIGRATIONS_DIR, migrateDeploy, pendingMigrations } from './prisma-cli.ts'

// An idempotent migration (two UPDATEs of the audit log), so it can be applied a second time.
const SPELLING = '20261202224500_enrolment_spelling'
const FOLDERS = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

const db = new pg.Client({ connectionString: process.env.DATABASE_URL })
beforeAll(() => db.connect())
afterAll(() => db.end())

test('a database that holds every migration folder starts without the Prisma CLI', async () => {
  expect(FOLDERS).toContain(SPELLING)
  expect(await pendingMigrations(process.env.DATABASE_URL!)).toEqual([])
  const started = performance.now()
  const result = await migrateDeploy(process.env.DATABASE_URL!)
  expect(result.pending).toEqual([])
  expect(result.output).toMatch(/No pending migrations/)
  // `prisma migrate deploy` alone takes ~10 s (its idle timer) even with nothing to do.
  expect(performance.now() - started).toBeLessThan(5000)
})

test('a pending migration is still applied (and only then is the database current)', async () => {
  // An audit row under the old spelling, and the spelling migration not recorded as applied.
  await db.query(
    `INSERT INTO "AuditEvent" (id, action, subject) VALUES ('prisma-cli-test', 'enrollment.created', 'enrollment:e1')`,
  )
  await db.query(`DELETE FROM _prisma_migrations WHERE migration_name = $1`, [SPELLING])
  expect(await pendingMigrations(process.env.DATABASE_URL!)).toEqual([SPELLING])

  const result = await migrateDeploy(process.env.DATABASE_URL!)
  expect(result.pending).toEqual([SPELLING])
  const row = await db.query(`SELECT action, subject FROM "AuditEvent" WHERE id = 'prisma-cli-test'`)
  expect(row.rows[0]).toEqual({ action: 'enrolment.created', subject: 'enrolment:e1' })
  const recorded = await db.query(
    `SELECT count(*)::int AS n FROM _prisma_migrations WHERE migration_name = $1 AND finished_at IS NOT NULL`,
    [SPELLING],
  )
  expect(recorded.rows[0].n).toBe(1)
  expect(await pendingMigrations(process.env.DATABASE_URL!)).toEqual([])
}, 120_000)

test('a failed or rolled-back migration counts as pending; a new database has every folder pending', async () => {
  await db.query(`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = $1`, [FOLDERS[0]])
  await db.query(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1`, [FOLDERS[1]])
  expect(await pendingMigrations(process.env.DATABASE_URL!)).toEqual([FOLDERS[0], FOLDERS[1]])

  const name = `aula_test_empty_${process.pid}`
  await createDatabase(name)
  try {
    expect(await pendingMigrations(databaseUrl(name))).toEqual(FOLDERS)
  } finally {
    await dropDatabase(name)
  }
})
