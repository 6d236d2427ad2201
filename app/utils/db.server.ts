// The one Prisma client (generator "prisma-client", engineType "client": the wasm query
// compiler plus the pg driver adapter; no engine binary) on the one connection pool, and sqlRows()
// (sqlTransaction()) for the few hand-written statements of the hottest paths, on the same pool. remember() keeps one pool
// across Vite HMR reloads in development.
import { createHash } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { remember } from '@epic-web/remember'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { type Prisma, PrismaClient } from '#app/generated/prisma/client.ts'
import { env } from './env.server.ts'
import { logger } from './logger.server.ts'

const pool = remember('pg-pool', () => {
  const config = env()
  if (!config.DATABASE_URL) {
    throw new Error('DATABASE_URL is not set: start the app with `npm run dev` or `npm start`')
  }
  // A request waits at most 15 s for a free connection (every user of the pool: Prisma, sqlRows,
  // sqlTransaction), then fails, rather than hanging while the pool is exhausted.
  const created = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_SIZE,
    connectionTimeoutMillis: 15_000,
  })
  // An idle connection that the server ends (a restart, a dropped test database) is an error event
  // on the pool: logged, and the pool opens a new connection when one is next needed. Without a
  // listener Node would end the process.
  created.on('error', (error) => logger.warn({ err: error }, 'an idle database connection was closed'))
  return created
})

export const prisma = remember('prisma', () => {
  const config = env()
  const adapter = new PrismaPg(pool)
  const client = new PrismaClient({
    adapter,
    // Every interactive transaction: many at once (webhook deliveries, twenty certificate issues,
    // a busy machine) queue for a pool connection longer than Prisma's 2 s default, which failed
    // them ("Unable to start a transaction in the given time") to be retried later. They wait.
    transactionOptions: { maxWait: 20_000, timeout: 20_000 },
    log: [
      { level: 'query', emit: 'event' },
      { level: 'warn', emit: 'event' },
      { level: 'error', emit: 'event' },
    ],
  })
  client.$on('query', (event) => {
    if (event.duration >= config.SLOW_QUERY_MS) {
      logger.warn({ durationMs: event.duration, query: event.query }, 'slow query')
    }
  })
  client.$on('warn', (event) => logger.warn({ prisma: event.message }))
  client.$on('error', (event) => logger.error({ prisma: event.message }))
  return client
})

/** Closes Prisma and the pool under it (at shutdown, at the end of a script or a test file). */
export async function disconnectDatabase() {
  await prisma.$disconnect()
  if (!pool.ended) await pool.end()
}

/**
 * Every statement sqlRows() sends, with its duration (the tests count statements with it). One
 * instance however many times the module is loaded (the tests' copy and the server's under Vite).
 */
export const sqlEvents = remember(
  'sql-events',
  () => new EventEmitter<{ query: [{ query: string; durationMs: number }] }>(),
)

// Prisma's columns `timestamp(3)` have no time zone and hold UTC; pg would read them in the
// server's local zone. Everything else as pg reads it (json parsed, float8 a number, int8 a string).
const TIMESTAMP = 1114
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP
      ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

/**
 * The hand-written statements are few and their texts fixed (every value is a parameter), so each is
 * sent as a named (prepared) statement: PostgreSQL parses it once per connection and, after a few
 * runs, plans it once, where an unnamed statement is parsed, analysed and planned on every call
 * (ADR 027 §12: the lesson page's statement cost the machine ~1 ms a page that way). The name is a
 * hash of the text. `generation` changes the names when PostgreSQL refuses a kept plan because a
 * table's columns changed under it (a migration while this process runs): the statement is then
 * prepared again under a new name. At most MAX_NAMED texts are named (a statement built with a
 * variable text would otherwise fill every connection with prepared statements); others go unnamed.
 */
const MAX_NAMED = 100
const statementNames = new Map<string, string>()
let generation = 0

function statementName(text: string): string | undefined {
  let name = statementNames.get(text)
  if (name === undefined && statementNames.size < MAX_NAMED) {
    name = createHash('sha1').update(text).digest('hex').slice(0, 24)
    statementNames.set(text, name)
  }
  return name && `aula_${generation}_${name}`
}

/** PostgreSQL's refusal of a prepared statement whose result columns changed (a migration ran). */
function isStalePlan(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string }
  return code === '0A000' && /cached plan must not change result type/.test(message ?? '')
}

/** Sends one statement on `on` (the pool, or a transaction's client), counted and timed. */
async function send<T>(on: pg.Pool | pg.PoolClient, statement: Prisma.Sql | string): Promise<T[]> {
  // BEGIN, COMMIT and ROLLBACK (plain strings) have nothing to plan.
  const text = typeof statement === 'string' ? statement : statement.text
  const values = typeof statement === 'string' ? [] : statement.values
  const query = () =>
    on.query<T & pg.QueryResultRow>({
      name: typeof statement === 'string' ? undefined : statementName(text),
      text,
      values,
      types,
    })
  const started = performance.now()
  const result = await query().catch((error: unknown) => {
    if (!isStalePlan(error)) throw error
    generation++
    logger.info({ generation }, 'a prepared statement met a changed table: statements are prepared again')
    // Outside a transaction the statement is sent again at once; in one, PostgreSQL has aborted the
    // transaction: the caller's transaction fails, and the next one uses the new names.
    if (on instanceof pg.Pool) return query()
    throw error
  })
  const durationMs = performance.now() - started
  sqlEvents.emit('query', { query: text, durationMs })
  if (durationMs >= env().SLOW_QUERY_MS) logger.warn({ durationMs, query: text }, 'slow query')
  return result.rows
}

/**
 * The rows of a hand-written statement (Prisma.sql), sent with pg on Prisma's own pool, without
 * Prisma's query compiler: on the hottest paths (every signed-in page's session read, the lesson
 * page's one statement, the quiz submission's read) that compiler cost about three times the
 * driver's CPU for the same SQL (0.44–0.50 ms against 0.13–0.15 ms a call, ADR 027 §7). Parameters
 * travel as bind values, as with $queryRaw. Elsewhere use Prisma (ADR 015).
 */
export async function sqlRows<T = unknown>(statement: Prisma.Sql): Promise<T[]> {
  return send<T>(pool, statement)
}

/** Sends a statement of the transaction sqlTransaction() holds open. */
export type SqlRun = (statement: Prisma.Sql) => Promise<unknown[]>

/**
 * `work`'s hand-written statements in one transaction on one connection of the pool, sent with pg
 * as sqlRows() sends them (BEGIN and COMMIT are statements too, counted in sqlEvents): committed when
 * `work` returns, rolled back when it throws (the error is thrown on). Only for the quiz submission,
 * the one hot write (ADR 027 §9); transactions elsewhere are Prisma's `$transaction` (ADR 015).
 */
export async function sqlTransaction<T>(work: (run: SqlRun) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  // A connection whose BEGIN or ROLLBACK failed is closed, not given back to the pool.
  let broken: Error | undefined
  try {
    await send(client, 'BEGIN').catch((error: Error) => {
      throw (broken = error)
    })
    try {
      const result = await work((statement) => send(client, statement))
      await send(client, 'COMMIT')
      return result
    } catch (error) {
      await send(client, 'ROLLBACK').catch((rollback: Error) => (broken = rollback))
      throw error
    }
  } finally {
    client.release(broken)
  }
}
