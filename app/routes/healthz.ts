// Liveness and readiness for load balancers: 200 when the database answers, else 503. On the
// embedded database it also says what its supervisor is doing (running, restarting, failed).
import { logger } from '#app/utils/logger.server.ts'
import { pingDatabase } from '#app/utils/sql.server.ts'
import { embeddedDatabaseState } from '#server/embedded-state.ts'

export async function loader() {
  const started = Date.now()
  const embedded = embeddedDatabaseState()
  const headers = { 'Cache-Control': 'no-store' }
  try {
    await pingDatabase()
    return Response.json({ status: 'ok', database: 'ok', embedded, ms: Date.now() - started }, { headers })
  } catch (error) {
    logger.error({ err: error }, 'health check failed')
    return Response.json({ status: 'error', database: 'unreachable', embedded }, { status: 503, headers })
  }
}
