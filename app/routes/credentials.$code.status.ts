// A credential's current status in words (valid, revoked or superseded, with the date), for people
// and scripts; verifiers read the signed Bitstring Status List its `credentialStatus` names
// (/credentials/status/{year}). Changes the moment an administrator revokes or re-issues.
// `id` is the credential's own id, from APP_URL as in the signed credential (never from the
// request's Host, which behind a proxy or on another name would disagree with it).
import { type LoaderFunctionArgs } from '@remix-run/node'
import { credentialUrl } from '#app/certificates/credential.server.ts'
import { credentialRateLimit } from '#app/certificates/http.server.ts'
import { credentialByCode } from '#app/certificates/lookup.server.ts'

export async function loader({ params, context }: LoaderFunctionArgs) {
  const limited = await credentialRateLimit(context.clientIp)
  if (limited) return limited
  const code = params.code ?? ''
  const row = await credentialByCode(code)
  const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }
  if (!row) return Response.json({ error: 'not-found' }, { status: 404, headers })
  const revokedAt = row.revokedAt?.toISOString() ?? null
  return Response.json(
    { id: credentialUrl(code), status: row.status, revoked: row.status === 'revoked', revokedAt },
    { headers },
  )
}
