// Shared by the machine endpoints for credentials: a JSON 429 instead of a page.
import { env } from '#app/utils/env.server.ts'
import { hit, RATE_LIMITS } from '#app/utils/rate-limit.server.ts'

export async function credentialRateLimit(clientIp: string): Promise<Response | null> {
  if (env().DISABLE_RATE_LIMITS) return null
  const wait = await hit(`credential:ip:${clientIp}`, RATE_LIMITS.credentialPerIp)
  if (wait === 0) return null
  return Response.json(
    { error: 'too-many-requests', retryAfterSeconds: wait },
    { status: 429, headers: { 'Retry-After': String(wait) } },
  )
}
