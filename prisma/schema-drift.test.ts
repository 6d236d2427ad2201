// Drift checks (DESIGN.md, "Prisma on the wasm schema engine", gap 2):
// 1. prisma/schema.prisma must not differ from prisma/schema.snapshot.prisma (the schema the
//    last migration was made from) in any way that needs SQL: else a migration is missing.
// 2. The database built by the real migrations (this file's clone of the migrated template)
//    must be exactly what schema.prisma describes. `migrate diff --from-url` is refused when
//    prisma.config.ts defines a driver adapter (and 6.19 has no --from-config-datasource), so
//    the expected database is built from `migrate diff --from-empty` in a scratch database and
//    the two catalogs (enums, columns, constraints, indexes) are compared.
import { writeFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, expect, test } from 'vitest'
import { runPrisma } from '#server/prisma-cli.ts'
import { createDatabase, databaseUrl, dropDatabase } from '#tests/setup/database.ts'

const SCHEMA = 'prisma/schema.prisma'
const SNAPSHOT = 'prisma/schema.snapshot.prisma'
const DATABASE_URL = process.env.DATABASE_URL!

/** The SQL statements in a `migrate diff --script` output (comments and blank lines dropped). */
function statements(script: string): string[] {
  return script
    .split('\n')
    .map((line) => line.replace(/--.*$/, '').trim())
    .filter(Boolean)
}

function diff(from: string[], to: string[]): Promise<string> {
  const run = runPrisma(['migrate', 'diff', ...from, ...to, '--script'], { databaseUrl: DATABASE_URL, capture: true })
  run.catch(() => {}) // awaited (and reported) in its test
  return run
}

// Each CLI run waits ~10 s for its idle pg pool before exiting, so all three start at once.
const scratchDir = mkdtempSync(path.join(os.tmpdir(), 'aula-drift-'))
const changedSchema = path.join(scratchDir, 'schema.prisma')
writeFileSync(
  changedSchema,
  readFileSync(SCHEMA, 'utf8').replace(/model RateLimit \{/, 'model RateLimit {\n  driftProbe String?'),
)
const snapshotToSchema = diff(['--from-schema-datamodel', SNAPSHOT], ['--to-schema-datamodel', SCHEMA])
const snapshotToChanged = diff(['--from-schema-datamodel', SNAPSHOT], ['--to-schema-datamodel', changedSchema])
const emptyToSchema = diff(['--from-empty'], ['--to-schema-datamodel', SCHEMA])

const scratchName = `${new URL(DATABASE_URL).pathname.slice(1)}_schema`

/**
 * Indexes a migration writes by hand because schema.prisma cannot express them (each is named
 * in a comment on its model): the only difference allowed, and each must exist exactly so.
 */
const HAND_WRITTEN_INDEXES = [
  {
    table: 'Certificate',
    name: 'Certificate_one_valid_per_learner_course',
    definition: `CREATE UNIQUE INDEX "Certificate_one_valid_per_learner_course" ON public."Certificate" USING btree ("userId", "courseId") WHERE (status = 'valid'::"CertificateStatus")`,
  },
  {
    table: 'User',
    name: 'User_searchText_trgm',
    definition: `CREATE INDEX "User_searchText_trgm" ON public."User" USING gin ("searchText" gin_trgm_ops)`,
  },
]

afterAll(async () => {
  rmSync(scratchDir, { recursive: true, force: true })
  await dropDatabase(scratchName)
})

async function catalog(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const query = async (sql: string) => (await client.query(sql)).rows as Array<Record<string, unknown>>
    return {
      enums: await query(`
        SELECT t.typname AS name, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY 1`),
      columns: await query(`
        SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
               a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
          AND c.relname <> '_prisma_migrations'
        ORDER BY 1, 2`),
      constraints: await query(`
        SELECT cl.relname AS table, co.conname AS name, pg_get_constraintdef(co.oid) AS definition
        FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE n.nspname = 'public' AND cl.relname <> '_prisma_migrations'
        ORDER BY 1, 2`),
      indexes: await query(`
        SELECT tablename AS table, indexname AS name, indexdef AS definition FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`),
    }
  } finally {
    await client.end()
  }
}

test('schema.prisma matches the snapshot of the last migration (no migration is missing)', async () => {
  expect(statements(await snapshotToSchema)).toEqual([])
})

test('the drift check notices a schema change that needs a migration', async () => {
  const sql = statements(await snapshotToChanged)
  expect(sql.join('\n')).toMatch(/ALTER TABLE "RateLimit" ADD COLUMN\s+"driftProbe" TEXT/)
})

test('the database built by the migrations is exactly the one schema.prisma describes', async () => {
  const ddl = await emptyToSchema
  expect(statements(ddl).length).toBeGreaterThan(10)
  await createDatabase(scratchName)
  const scratch = new pg.Client({ connectionString: databaseUrl(scratchName) })
  await scratch.connect()
  try {
    await scratch.query(ddl)
  } finally {
    await scratch.end()
  }
  const [migrated, expected] = await Promise.all([catalog(DATABASE_URL), catalog(databaseUrl(scratchName))])
  expect(migrated.columns.length).toBeGreaterThan(50)
  const handWritten = new Set(HAND_WRITTEN_INDEXES.map((index) => index.name))
  expect(migrated.indexes.filter((index) => handWritten.has(index.name as string))).toEqual(HAND_WRITTEN_INDEXES)
  expect({ ...migrated, indexes: migrated.indexes.filter((index) => !handWritten.has(index.name as string)) }).toEqual(
    expected,
  )
})
