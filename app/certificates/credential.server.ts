// Open Badges 3.0 credentials, signed as VC-JWT with the platform's Ed25519 key (jose).
//
// The key: CREDENTIAL_SIGNING_KEY (a private Ed25519 JWK, JSON), or a file CREDENTIAL_KEY_FILE
// names that holds one. Production never generates a key (the start-up checks refuse to start
// without one, ADR 011); in development and tests it is generated once and kept in
// CREDENTIAL_KEY_FILE (default data/credential-key.json), so credentials issued yesterday still
// verify today. The public half is published at
// /.well-known/jwks.json with its RFC 7638 thumbprint as `kid`; CREDENTIAL_RETIRED_KEYS (a JSON
// array of public JWKs) keeps old keys published after a rotation. docs/credentials.md shows how a
// third party verifies a credential offline.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { calculateJwkThumbprint, importJWK, SignJWT, type JWK } from 'jose'
import { z } from 'zod'
import { appUrl, env } from '#app/utils/env.server.ts'
import { generatePrivateJwk, parsePrivateJwk, PublicJwkSchema, readPrivateJwkFile } from './signing-key.server.ts'

type SigningKey = { kid: string; privateKey: CryptoKey; publicJwk: JWK }

let signing: Promise<SigningKey> | undefined

async function loadPrivateJwk(): Promise<JWK> {
  const config = env()
  if (config.CREDENTIAL_SIGNING_KEY) {
    const jwk = parsePrivateJwk(config.CREDENTIAL_SIGNING_KEY)
    if (!jwk) throw new Error('CREDENTIAL_SIGNING_KEY must be a private Ed25519 JWK (kty OKP, crv Ed25519, x, d)')
    return jwk
  }
  const file = path.resolve(config.CREDENTIAL_KEY_FILE || 'data/credential-key.json')
  const found = readPrivateJwkFile(file)
  if (found === 'invalid') throw new Error(`CREDENTIAL_KEY_FILE: ${file} does not hold a private Ed25519 JWK`)
  if (found !== 'missing') return found
  if (config.NODE_ENV === 'production') {
    throw new Error('CREDENTIAL_SIGNING_KEY: production never generates a signing key (`npm run credentials:key`)')
  }
  const jwk = await generatePrivateJwk()
  mkdirSync(path.dirname(file), { recursive: true })
  // wx: two processes starting at once cannot both write a key; the loser reads the winner's.
  try {
    writeFileSync(file, JSON.stringify(jwk), { flag: 'wx', mode: 0o600 })
    chmodSync(file, 0o600)
  } catch {
    const winner = readPrivateJwkFile(file)
    if (typeof winner === 'string') throw new Error(`CREDENTIAL_KEY_FILE: could not write a signing key to ${file}`)
    return winner
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
  const retired = configured ? z.array(PublicJwkSchema).parse(JSON.parse(configured)) : []
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

/** The credential's id: its address on this site. */
export function credentialUrl(code: string) {
  return appUrl(`/credentials/${code}`)
}

/** Where the credential's current status is answered (its `credentialStatus.id`). */
export function credentialStatusUrl(code: string) {
  return appUrl(`/credentials/${code}/status`)
}

/** The Open Badges 3.0 credential (the JWT's `vc` claim, and the document the JWT secures). */
export function openBadgeCredential(input: CredentialInput) {
  const id = credentialUrl(input.code)
  return {
    '@context': [
      'https://www.w3.org/2018/credentials/v1',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: appUrl('/'), type: ['Profile'], name: input.issuerName, url: input.issuerUrl },
    issuanceDate: input.issuedAt.toISOString(),
    validFrom: input.issuedAt.toISOString(),
    name: input.courseTitleEn,
    credentialSubject: {
      type: ['AchievementSubject'],
      name: input.holderName,
      achievement: {
        id: appUrl(`/en/courses/${input.courseId}`),
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
    credentialStatus: { id: credentialStatusUrl(input.code), type: '1EdTechRevocationList' },
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
