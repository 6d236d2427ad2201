// The signed Open Badges 3.0 credential of a certificate (a VC-JWT, EdDSA / Ed25519).
//   GET /credentials/{code}              JSON: the JWT, what it says, and its current status
//   GET /credentials/{code}?format=jwt   the JWT itself (application/vc+jwt), as a download
// The signature never changes; revocation shows in `status` here and at /credentials/{code}/status.
// Verify offline with the keys at /.well-known/jwks.json (docs/credentials.md).
import { type LoaderFunctionArgs } from '@remix-run/node'
import { decodeJwt } from 'jose'
import { credentialUrl } from '#app/certificates/credential.server.ts'
import { credentialRateLimit } from '#app/certificates/http.server.ts'
import { credentialByCode } from '#app/certificates/lookup.server.ts'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const limited = await credentialRateLimit(context.clientIp)
  if (limited) return limited
  const row = await credentialByCode(params.code ?? '')
  const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }
  if (!row?.credentialJwt) return Response.json({ error: 'not-found' }, { status: 404, headers })
  const url = new URL(request.url)
  if (url.searchParams.get('format') === 'jwt') {
    return new Response(row.credentialJwt, {
      headers: {
        ...headers,
        'Content-Type': 'application/vc+jwt',
        'Content-Disposition': `attachment; filename="${row.serial}.jwt"`,
      },
    })
  }
  return Response.json(
    {
      status: row.status,
      revokedAt: row.revokedAt?.toISOString() ?? null,
      replacedBy: row.supersededBy ? credentialUrl(row.supersededBy.verificationCode) : null,
      jwt: row.credentialJwt,
      credential: decodeJwt(row.credentialJwt).vc,
    },
    { headers },
  )
}
