// The shared pieces of hand-written SQL (ADR 015: the ORM by default; SQL only in named functions
// of the module that owns the table, each with a one-line reason and its rows parsed with Zod).
import { createId } from '@paralleldrive/cuid2'
import { z } from 'zod'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from './db.server.ts'

type Tx = Prisma.TransactionClient

/**
 * A new row id in the one format of every table: cuid2, as the schema's `@default(cuid(2))` makes
 * them. For rows inserted by hand-written SQL, which Prisma's default does not reach.
 */
export function newId(): string {
  return createId()
}

/**
 * Holds a transaction-scoped advisory lock on `key` until the transaction ends: the one way to
 * serialise work that no row lock covers. Keys start with what they lock ("payment-intent:<id>").
 */
export async function advisoryXactLock(tx: Tx, key: string): Promise<void> {
  await tx.$executeRaw(advisoryXactLockSql(key))
}

/** advisoryXactLock's statement, for a transaction sent with pg (sqlTransaction). */
export function advisoryXactLockSql(key: string): Prisma.Sql {
  return Prisma.sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`
}

/** A unique constraint refused the write (Prisma's P2002): a concurrent writer got there first. */
export function isUniqueViolation(error: unknown): boolean {
  return Boolean(error && typeof error === 'object' && (error as { code?: string }).code === 'P2002')
}

/** The rows of a hand-written query, each parsed: a renamed or retyped column fails here, not later. */
export function parseRows<Schema extends z.ZodTypeAny>(schema: Schema, rows: unknown[]): Array<z.output<Schema>> {
  return rows.map((row) => schema.parse(row))
}

const YearCounterRow = z.object({ last: z.number().int().positive() })
/** The counters that number things per year: certificate serials and receipt numbers. */
const YEAR_COUNTERS = { certificate: Prisma.raw('"CertificateSerial"'), receipt: Prisma.raw('"ReceiptSerial"') }

/**
 * The next number of `year` on a per-year counter (1 for the year's first), in one statement
 * (hand-written: an atomic upsert Prisma cannot express). The counter's row stays locked until
 * `db`'s transaction ends; with `prisma` itself (no transaction), only while the statement runs.
 */
export async function nextInYear(db: Tx | typeof prisma, counter: keyof typeof YEAR_COUNTERS, year: number) {
  const table = YEAR_COUNTERS[counter]
  const [row] = parseRows(
    YearCounterRow,
    await db.$queryRaw<unknown[]>`
    INSERT INTO ${table} (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = ${table}.last + 1
    RETURNING last`,
  )
  return row!.last
}

/** Health checks: the database answers (throws when it does not). */
export async function pingDatabase(): Promise<void> {
  await prisma.$queryRaw`SELECT 1`
}
