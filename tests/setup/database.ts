// PostgreSQL databases for tests: a migrated template made once per run, and one clone of it
// per test file (the PostgreSQL form of Epic Stack's "copy base.db").
import pg from 'pg'

/**
 * The server tests run against (a database name in it is replaced): TEST_DATABASE_URL, which
 * tests/setup/global-setup.ts or scripts/with-test-db.ts set to an embedded PostgreSQL when unset.
 */
export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test` (or `npm run test:unit`)')
  return url
}

export function databaseUrl(name: string): string {
  const url = new URL(testServerUrl())
  url.pathname = `/${name}`
  return url.toString()
}

export async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl() })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

export function quoteIdent(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`)
  return `"${name}"`
}

export async function createDatabase(name: string, template?: string) {
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
    await client.query(`CREATE DATABASE ${quoteIdent(name)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ''}`)
  })
}

export async function dropDatabase(name: string) {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`))
}
