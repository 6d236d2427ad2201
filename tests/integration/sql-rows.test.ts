// sqlRows(): the hot path's hand-written reads without Prisma's query compiler (ADR 027 §7) give
// the values Prisma's $queryRaw gives, whatever the server's time zone.
import { afterEach, expect, test } from 'vitest'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma, sqlEvents, sqlRows } from '#app/utils/db.server.ts'

const zone = process.env.TZ
afterEach(() => {
  if (zone === undefined) delete process.env.TZ
  else process.env.TZ = zone
})

test('timestamps without a time zone are read as UTC, as Prisma reads them, in any server zone', async () => {
  // A zone far from UTC: pg alone would read "03:04" as Bogotá time, 08:04 UTC.
  process.env.TZ = 'America/Bogota'
  const statement = Prisma.sql`SELECT ${'2026-01-02 03:04:05.678'}::timestamp(3) AS at, ${7}::int AS n,
    ${'{"a":[1,2]}'}::json AS j, ${'x'}::text AS s, NULL::timestamp AS never`
  const [row] = await sqlRows<{ at: Date; n: number; j: unknown; s: string; never: null }>(statement)
  expect(row!.at.toISOString()).toBe('2026-01-02T03:04:05.678Z')
  const [viaPrisma] = await prisma.$queryRaw<(typeof row)[]>(statement)
  expect(row).toEqual(viaPrisma)
})

test('each statement is reported once, with its duration, and parameters travel as bind values', async () => {
  const seen: string[] = []
  const listener = ({ query }: { query: string }) => seen.push(query)
  sqlEvents.on('query', listener)
  try {
    const hostile = `x'; DROP TABLE "User"; --`
    const rows = await sqlRows<{ v: string }>(Prisma.sql`SELECT ${hostile}::text AS v`)
    expect(rows).toEqual([{ v: hostile }])
    expect(seen).toEqual(['SELECT $1::text AS v'])
    expect(await prisma.user.count()).toBeGreaterThanOrEqual(0)
  } finally {
    sqlEvents.off('query', listener)
  }
})

test('a statement is prepared once per connection under a name made from its text (ADR 027 §12)', async () => {
  const statement = Prisma.sql`SELECT name, statement FROM pg_prepared_statements WHERE ${true}`
  // Sent one after the other, the calls take the same pooled connection: the first prepared it.
  await sqlRows(statement)
  const rows = await sqlRows<{ name: string; statement: string }>(statement)
  const mine = rows.filter((row) => row.statement === statement.text)
  expect(mine).toHaveLength(1)
  expect(mine[0]!.name).toMatch(/^aula_\d+_[0-9a-f]{24}$/)
})

test('a table changed under a prepared statement (a migration while the app runs): the statement is prepared again, no error', async () => {
  await prisma.$executeRawUnsafe('CREATE TABLE "PreparedProbe" (id int PRIMARY KEY, a text)')
  await prisma.$executeRawUnsafe(`INSERT INTO "PreparedProbe" VALUES (1, 'one')`)
  try {
    const statement = Prisma.sql`SELECT * FROM "PreparedProbe" WHERE id = ${1}`
    // More runs than PostgreSQL's custom plans before it keeps a generic one, on the same connection.
    for (let i = 0; i < 7; i++) expect(await sqlRows(statement)).toEqual([{ id: 1, a: 'one' }])
    await prisma.$executeRawUnsafe(`ALTER TABLE "PreparedProbe" ADD COLUMN b text DEFAULT 'two'`)
    expect(await sqlRows(statement)).toEqual([{ id: 1, a: 'one', b: 'two' }])
    expect(await sqlRows(statement)).toEqual([{ id: 1, a: 'one', b: 'two' }])
  } finally {
    await prisma.$executeRawUnsafe('DROP TABLE "PreparedProbe"')
  }
})
