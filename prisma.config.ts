// Prisma CLI configuration: the wasm ("js") schema engine through the pg driver adapter, so no
// engine binary is ever downloaded (DESIGN.md, "Prisma on the wasm schema engine").
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { defineConfig } from 'prisma/config'
import { PLACEHOLDER_DATABASE_URL } from './prisma/embedded.ts'
import './server/load-env.ts'

// Gap 3: the CLI needs DATABASE_URL set even though the adapter supplies the connection.
process.env.DATABASE_URL ||= PLACEHOLDER_DATABASE_URL

const NAME_OID = 19
const TEXT_OID = 25

// Gap 1: @prisma/adapter-pg 6.x throws on catalog columns of type `name` (OID 19), which
// `migrate deploy` reads. Report them as text. Used by the CLI only, never by the app.
class CatalogFriendlyPool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super(config)
    // pg's query() has many overloads; forward every form unchanged and patch the result.
    const query = super.query.bind(this) as (...args: unknown[]) => Promise<pg.QueryResult | undefined>
    this.query = (async (...args: unknown[]) => {
      const result = await query(...args)
      for (const field of result?.fields ?? []) {
        if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID
      }
      return result
    }) as pg.Pool['query']
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  async adapter() {
    // Let the CLI exit as soon as it is done instead of waiting for idle connections to time out.
    const pool = new CatalogFriendlyPool({
      connectionString: process.env.DATABASE_URL,
      max: 1,
      idleTimeoutMillis: 200,
      allowExitOnIdle: true,
    })
    return new PrismaPg(pool)
  },
})
