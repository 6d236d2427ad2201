// The public keys that verify Aula's signed credentials (JWK Set, RFC 7517).
import { jwks } from '#app/certificates/credential.server.ts'

export async function loader() {
  return Response.json(await jwks(), {
    headers: {
      'Cache-Control': 'public, max-age=3600',
      'Access-Control-Allow-Origin': '*',
      'Content-Type': 'application/jwk-set+json',
    },
  })
}
