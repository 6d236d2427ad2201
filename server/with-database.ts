// For command-line tools (db:*, courses:import / rollback / export): run against DATABASE_URL, or
// start the embedded database when it is unset (or reuse the one a running dev server holds).
import { startEmbeddedDatabase } from './embedded-db.ts'

export async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  if (process.env.DATABASE_URL) return work(process.env.DATABASE_URL)
  const db = await startEmbeddedDatabase({ reuse: true })
  process.env.DATABASE_URL = db.url
  process.env.AULA_EMBEDDED_DB = 'true'
  try {
    return await work(db.url)
  } finally {
    await db.stop()
  }
}
