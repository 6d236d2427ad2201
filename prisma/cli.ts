// npm run db:migrate (the job queue's schema, then Prisma's) | db:migration NAME | db:seed | db:reset
// Works against DATABASE_URL, or starts the embedded database when it is unset (or reuses the
// one a running dev server holds).
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import '#server/load-env.ts'
import { startEmbeddedDatabase } from '#server/embedded-db.ts'
import { migrateDeploy, runPrisma } from '#server/prisma-cli.ts'
import { refuseSeedInProduction } from './seed.ts'

const SCHEMA = 'prisma/schema.prisma'
// The schema as of the last migration (DESIGN.md, gap 2): new migrations are diffs against it.
const SNAPSHOT = 'prisma/schema.snapshot.prisma'
const MIGRATIONS = 'prisma/migrations'

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  if (process.env.DATABASE_URL) return work(process.env.DATABASE_URL)
  // A running dev server's database is used as it is; otherwise one is started for the command.
  const db = await startEmbeddedDatabase({ reuse: true })
  process.env.DATABASE_URL = db.url
  process.env.AULA_EMBEDDED_DB = 'true'
  try {
    return await work(db.url)
  } finally {
    await db.stop()
  }
}

async function seedDatabase() {
  const { prisma, disconnectDatabase } = await import('#app/utils/db.server.ts')
  const { seed } = await import('./seed.ts')
  try {
    await seed(prisma)
  } finally {
    await disconnectDatabase()
  }
}

async function createMigration(url: string, name: string | undefined) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error('Usage: npm run db:migration -- <name>   (lower case letters, digits and _)')
  }
  const from = existsSync(SNAPSHOT) ? ['--from-schema-datamodel', SNAPSHOT] : ['--from-empty']
  const sql = await runPrisma(['migrate', 'diff', ...from, '--to-schema-datamodel', SCHEMA, '--script'], {
    databaseUrl: url,
    capture: true,
  })
  if (!/^\s*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE)\b/im.test(sql)) {
    console.log('The schema has not changed since the last migration: nothing to do.')
    return
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
  const folder = path.join(MIGRATIONS, `${stamp}_${name}`)
  mkdirSync(folder, { recursive: true })
  writeFileSync(path.join(folder, 'migration.sql'), sql)
  copyFileSync(SCHEMA, SNAPSHOT)
  console.log(`Wrote ${folder}/migration.sql and updated ${SNAPSHOT}. Review it, then npm run db:migrate.`)
}

async function main() {
  const [command, arg] = process.argv.slice(2)
  switch (command) {
    case 'migrate':
      return withDatabase(async (url) => console.log((await migrateDeploy(url)).output))
    case 'migration':
      return withDatabase((url) => createMigration(url, arg))
    case 'seed':
      // Before the database is touched (or an embedded one started).
      refuseSeedInProduction()
      return withDatabase(async () => {
        await seedDatabase()
        console.log('Demo data is in place.')
      })
    case 'reset':
      if (process.env.NODE_ENV === 'production') throw new Error('db:reset refuses to run in production')
      return withDatabase(async (url) => {
        // Prisma resets its own schema; the job library's (and every job in it) goes too.
        const { dropJobQueue, migrateJobQueue } = await import('#app/jobs/schema.server.ts')
        await dropJobQueue(url)
        await runPrisma(['migrate', 'reset', '--force', '--skip-seed', '--skip-generate'], { databaseUrl: url })
        await migrateJobQueue(url)
        await seedDatabase()
        console.log('Database reset, migrated and seeded.')
      })
    default:
      throw new Error('Usage: tsx prisma/cli.ts migrate | migration <name> | seed | reset')
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
