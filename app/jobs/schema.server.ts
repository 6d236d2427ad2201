// The job library's own tables and functions (schema `graphile_worker`), created and upgraded
// by the library's migrations. They must exist before the first job is added, so they are
// applied wherever the Prisma migrations are, and first (server/prisma-cli.ts migrateDeploy:
// server start, `npm run db:migrate`, the tests' template database). Imports no database client,
// so scripts and the test setup can run it before the app is configured.
import { Logger, runMigrations } from 'graphile-worker'
import pg from 'pg'
import { logger } from '#app/utils/logger.server.ts'
import { JOB_SCHEMA } from './queue.server.ts'

/** The library's log lines in ours: per-job chatter at debug, problems as warnings and errors. */
export const jobLogger = new Logger((scope) => (level, message, meta) => {
  const entry = { jobs: { ...scope, ...(meta && typeof meta === 'object' ? meta : {}) } }
  if (level === 'error') logger.error(entry, message)
  else if (level === 'warning') logger.warn(entry, message)
  else logger.debug(entry, message)
})

/**
 * Creates or upgrades the job schema, one process at a time: two nodes starting at once on an
 * empty database both ran the library's CREATE SCHEMA, and one failed on pg_namespace's unique
 * index and exited. A session advisory lock serialises them; the second then finds it current.
 */
export async function migrateJobQueue(connectionString: string) {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('aula:job-schema'))`)
    await runMigrations({ connectionString, schema: JOB_SCHEMA, logger: jobLogger })
  } finally {
    await client.end()
  }
}

/** Drops the job schema with every job in it (`npm run db:reset` only). */
export async function dropJobQueue(connectionString: string) {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(JOB_SCHEMA)} CASCADE`)
  } finally {
    await client.end()
  }
}
