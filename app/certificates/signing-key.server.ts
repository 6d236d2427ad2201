// The shape of the credential signing key (a private Ed25519 JWK) and how one is made: shared by
// the start-up checks (env.server.ts), the signer (credential.server.ts), `npm run credentials:key`
// and the test servers, so they all agree on what a usable key is.
import { readFileSync } from 'node:fs'
import { exportJWK, generateKeyPair, type JWK } from 'jose'
import { z } from 'zod'

export const PrivateJwkSchema = z
  .object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().min(40), d: z.string().min(40) })
  .passthrough()
export const PublicJwkSchema = z
  .object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().min(40) })
  .passthrough()

/** A private Ed25519 JWK from JSON text, or null when the text is not one. */
export function parsePrivateJwk(text: string): JWK | null {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  const parsed = PrivateJwkSchema.safeParse(json)
  return parsed.success ? (parsed.data as JWK) : null
}

/** The key held in a file, or why there is none ('missing' or 'invalid'). */
export function readPrivateJwkFile(file: string): JWK | 'missing' | 'invalid' {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return 'missing'
  }
  return parsePrivateJwk(text) ?? 'invalid'
}

export async function generatePrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  return exportJWK(privateKey)
}
