// Liveness and readiness for load balancers: 200 when the database answers, else 503.
import { logger } from '#app/utils/logger.server.ts'
import { pingDatabase } from '#app/utils/sql.server.ts'

export async function loader() {
  const started = Date.now()
  try {
    await pingDatabase()
    return Response.json({ status: 'ok', database: 'ok', ms: Date.now() - started }, { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    logger.error({ err: error }, 'health check failed')
    return Response.json({ status: 'error', database: 'unreachable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } })
  }
}
