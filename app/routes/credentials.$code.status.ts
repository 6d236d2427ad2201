// A credential's current status (the address in its `credentialStatus`): valid, revoked or
// superseded, with the date. Changes the moment an administrator revokes or re-issues.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { credentialByCode } from '#app/models/certificate.server.ts'
import { credentialRateLimit } from '#app/certificates/http.server.ts'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const limited = await credentialRateLimit(context.clientIp)
  if (limited) return limited
  const row = await credentialByCode(params.code ?? '')
  const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }
  if (!row) return Response.json({ error: 'not-found' }, { status: 404, headers })
  const id = new URL(`/credentials/${params.code}`, new URL(request.url).origin).toString()
  return Response.json({ id, status: row.status, revoked: row.status === 'revoked', revokedAt: row.revokedAt?.toISOString() ?? null }, { headers })
}
