// The PostgreSQL server the tests create their databases on: TEST_DATABASE_URL when it is set,
// else an embedded PostgreSQL started for the run in a temporary folder and removed after it
// (so `npm test` needs nothing preinstalled).
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startEmbeddedDatabase } from '#server/embedded-db.ts'

export type TestServer = { url: string; embedded: boolean; stop(): Promise<void> }

export async function startTestServer(): Promise<TestServer> {
  const given = process.env.TEST_DATABASE_URL
  if (given) return { url: given, embedded: false, stop: async () => {} }
  // Directly under the system's temporary folder, which the `postgres` user can enter when
  // the tests run as root.
  const parent = mkdtempSync(path.join(os.tmpdir(), 'aula-test-pg-'))
  rmSync(parent, { recursive: true })
  const db = await startEmbeddedDatabase({ dir: parent, port: 'free' })
  process.env.TEST_DATABASE_URL = db.url
  return {
    url: db.url,
    embedded: true,
    stop: async () => {
      await db.stop()
      rmSync(parent, { recursive: true, force: true })
    },
  }
}
