// The one Prisma client (generator "prisma-client", engineType "client": the wasm query
// compiler plus the pg driver adapter; no engine binary). remember() keeps one pool across
// Vite HMR reloads in development.
import { remember } from '@epic-web/remember'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '#app/generated/prisma/client.ts'
import { env } from './env.server.ts'
import { logger } from './logger.server.ts'

export const prisma = remember('prisma', () => {
  const config = env()
  if (!config.DATABASE_URL) {
    throw new Error('DATABASE_URL is not set: start the app with `npm run dev` or `npm start`')
  }
  const adapter = new PrismaPg({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE })
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
