// Open Badges 3.0 credentials, signed as VC-JWT with the platform's Ed25519 key (jose).
//
// The key: CREDENTIAL_SIGNING_KEY (a private Ed25519 JWK, JSON) in production; in development
// and tests it is generated once and kept in CREDENTIAL_KEY_FILE (default data/credential-key.json),
// so credentials issued yesterday still verify today. The public half is published at
// /.well-known/jwks.json with its RFC 7638 thumbprint as `kid`; CREDENTIAL_RETIRED_KEYS (a JSON
// array of public JWKs) keeps old keys published after a rotation. docs/credentials.md shows how a
// third party verifies a credential offline.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose'
import { z } from 'zod'
import { env } from '#app/utils/env.server.ts'

const PrivateJwk = z
  .object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().min(40), d: z.string().min(40) })
  .passthrough()
const PublicJwk = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().min(40) }).passthrough()

type SigningKey = { kid: string; privateKey: CryptoKey; publicJwk: JWK }

let signing: Promise<SigningKey> | undefined

async function loadPrivateJwk(): Promise<JWK> {
  const configured = env().CREDENTIAL_SIGNING_KEY
  if (configured) {
    let json: unknown
    try {
      json = JSON.parse(configured)
    } catch {
      json = null
    }
    const parsed = PrivateJwk.safeParse(json)
    if (!parsed.success) throw new Error('CREDENTIAL_SIGNING_KEY must be a private Ed25519 JWK (kty OKP, crv Ed25519, x, d)')
    return parsed.data as JWK
  }
  const file = path.resolve(env().CREDENTIAL_KEY_FILE || 'data/credential-key.json')
  if (existsSync(file)) return PrivateJwk.parse(JSON.parse(readFileSync(file, 'utf8'))) as JWK
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const jwk = await exportJWK(privateKey)
  mkdirSync(path.dirname(file), { recursive: true })
  // wx: two processes starting at once cannot both write a key; the loser reads the winner's.
  try {
    writeFileSync(file, JSON.stringify(jwk), { flag: 'wx', mode: 0o600 })
    chmodSync(file, 0o600)
  } catch {
    return PrivateJwk.parse(JSON.parse(readFileSync(file, 'utf8'))) as JWK
  }
  return jwk
}

async function load(): Promise<SigningKey> {
  const jwk = await loadPrivateJwk()
  const publicJwk: JWK = { kty: 'OKP', crv: 'Ed25519', x: jwk.x }
  const kid = await calculateJwkThumbprint(publicJwk)
  const privateKey = (await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' } }
}

export function signingKey(): Promise<SigningKey> {
  signing ??= load()
  return signing
}

/** The published key set: the current key and any retired ones. */
export async function jwks(): Promise<{ keys: JWK[] }> {
  const { publicJwk } = await signingKey()
  const configured = env().CREDENTIAL_RETIRED_KEYS
  const retired = configured ? z.array(PublicJwk).parse(JSON.parse(configured)) : []
  const keys: JWK[] = [publicJwk]
  for (const key of retired) {
    const jwk: JWK = { kty: 'OKP', crv: 'Ed25519', x: key.x }
    keys.push({ ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'EdDSA', use: 'sig' })
  }
  return { keys }
}

export type CredentialInput = {
  /** The verification code: the credential's id is /credentials/{code}. */
  code: string
  serial: string
  holderName: string
  courseId: string
  courseTitleEn: string
  courseTitleEs: string
  hours: number
  issuedAt: Date
  issuerName: string
  issuerUrl: string
}

export function credentialUrl(code: string) {
  return new URL(`/credentials/${code}`, env().APP_URL).toString()
}

/** The Open Badges 3.0 credential (the JWT's `vc` claim, and the document the JWT secures). */
export function openBadgeCredential(input: CredentialInput) {
  const origin = env().APP_URL
  const id = credentialUrl(input.code)
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: new URL('/', origin).toString(), type: ['Profile'], name: input.issuerName, url: input.issuerUrl },
    issuanceDate: input.issuedAt.toISOString(),
    validFrom: input.issuedAt.toISOString(),
    name: input.courseTitleEn,
    credentialSubject: {
      type: ['AchievementSubject'],
      name: input.holderName,
      achievement: {
        id: new URL(`/en/courses/${input.courseId}`, origin).toString(),
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: input.courseTitleEn,
        description: `${input.courseTitleEn} / ${input.courseTitleEs}`,
        criteria: { narrative: 'Completed every lesson and passed every required quiz of the course.' },
        humanCode: input.serial,
        fieldOfStudy: 'Crime and criminal-justice statistics',
      },
    },
    // Revocation: this address answers with the credential's current status.
    credentialStatus: { id: `${id}/status`, type: '1EdTechRevocationList' },
  }
}

export async function signCredential(input: CredentialInput): Promise<string> {
  const { kid, privateKey } = await signingKey()
  const vc = openBadgeCredential(input)
  return new SignJWT({ vc })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
    .setIssuer(vc.issuer.id)
    .setJti(vc.id)
    .setIssuedAt(input.issuedAt)
    .setNotBefore(input.issuedAt)
    .sign(privateKey)
}
