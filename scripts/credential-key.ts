// npm run credentials:key — prints a new private Ed25519 JWK for CREDENTIAL_SIGNING_KEY, and its
// public half (what /.well-known/jwks.json will publish). Keep the private key secret.
import { calculateJwkThumbprint } from 'jose'
import { generatePrivateJwk } from '#app/certificates/signing-key.server.ts'

const jwk = await generatePrivateJwk()
const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x! })
console.log(`CREDENTIAL_SIGNING_KEY='${JSON.stringify(jwk)}'`)
console.error(`\nPublic key (kid ${kid}): ${JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: jwk.x })}`)
