// npm run credentials:key — prints a new private Ed25519 JWK for CREDENTIAL_SIGNING_KEY, and its
// public half (what /.well-known/jwks.json will publish). Keep the private key secret.
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose'

const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
const jwk = await exportJWK(privateKey)
const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x! })
console.log(`CREDENTIAL_SIGNING_KEY='${JSON.stringify(jwk)}'`)
console.error(`\nPublic key (kid ${kid}): ${JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: jwk.x })}`)
