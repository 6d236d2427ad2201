// /credentials/status/{year}: the Bitstring Status List (W3C) of the certificates issued that year,
// a BitstringStatusListCredential signed as VC-JWT with the credentials' key. A credential's
// `credentialStatus.statusListCredential` points here and its `statusListIndex` is its serial's
// number; the bit is 1 once the certificate is revoked or superseded (ADR 022). Never cached:
// revocation is immediate.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { signStatusList } from '#app/certificates/credential.server.ts'
import { credentialRateLimit } from '#app/certificates/http.server.ts'
import { invalidatedSerialNumbers } from '#app/certificates/lookup.server.ts'
import { MAX_QUERY_YEAR, MIN_QUERY_YEAR } from '#app/utils/validation.ts'

export async function loader({ params, context }: LoaderFunctionArgs) {
  const limited = await credentialRateLimit(context.clientIp)
  if (limited) return limited
  const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }
  const year = /^\d{4}$/.test(params.year ?? '') ? Number(params.year) : NaN
  if (!(year >= MIN_QUERY_YEAR && year <= MAX_QUERY_YEAR))
    return Response.json({ error: 'not-found' }, { status: 404, headers })
  const jwt = await signStatusList(year, await invalidatedSerialNumbers(year))
  return new Response(jwt, { headers: { ...headers, 'Content-Type': 'application/vc+jwt' } })
}
