// Structured JSON logs (pino): one line per event, with request id, route, status, duration.
import { pino } from 'pino'

export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: ['password', '*.password', 'headers.cookie', 'headers.authorization'],
})
