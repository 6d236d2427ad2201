// The embedded database: PGlite (PostgreSQL compiled to WebAssembly) behind a PostgreSQL
// wire-protocol socket, run as a child of the app server (DESIGN.md, "embedded default").
// Plain JavaScript so it starts with `node` alone. Arguments come from the environment:
//   PGLITE_DIR  folder holding the data (created if missing)
//   PGLITE_PORT TCP port on 127.0.0.1
// Prints one JSON line {"ready":true,"port":N} when it accepts connections; closes the
// database cleanly (checkpoint) on SIGINT/SIGTERM or when its parent goes away.
import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

const dir = process.env.PGLITE_DIR
const port = Number(process.env.PGLITE_PORT)
if (!dir || !Number.isInteger(port)) {
  console.error('pglite-server: PGLITE_DIR and PGLITE_PORT must be set')
  process.exit(2)
}

mkdirSync(dir, { recursive: true })
const db = await PGlite.create({ dataDir: dir })
// PGlite is a single session; the socket server queues the connections' queries and keeps a
// transaction's queries together, so a few clients (app, migrate, seed) can share it.
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 8 })
await server.start()
process.stdout.write(JSON.stringify({ ready: true, port }) + '\n')

let stopping = false
async function stop(code = 0) {
  if (stopping) return
  stopping = true
  try {
    await server.stop()
    await db.close()
  } catch (error) {
    console.error('pglite-server: error while closing', error)
    code = 1
  }
  process.exit(code)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
// The parent holds an IPC channel open; when the parent dies the channel closes.
process.on('disconnect', () => void stop())
