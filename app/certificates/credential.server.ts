// Open Badges 3.0 credentials, signed as VC-JWT with the platform's Ed25519 key (jose), and the
// Bitstring Status Lists that say which of them were revoked (ADR 022).
//
// The key: CREDENTIAL_SIGNING_KEY (a private Ed25519 JWK, JSON), or a file CREDENTIAL_KEY_FILE
// names that holds one. Production never generates a key (the start-up checks refuse to start
// without one, ADR 011); in development and tests it is generated once and kept in
// CREDENTIAL_KEY_FILE (default data/credential-key.json), so credentials issued yesterday still
// verify today. The public half is published at
// /.well-known/jwks.json with its RFC 7638 thumbprint as `kid`; CREDENTIAL_RETIRED_KEYS (a JSON
// array of public JWKs) keeps old keys published after a rotation. docs/credentials.md shows how a
// third party verifies a credential offline.
import { createHash, randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
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
  /** "AULA-2026-000123": its number is the credential's index in that year's status list. */
  serial: string
  holderName: string
  /** The recipient's e-mail at issue, published only as a salted SHA-256 hash. */
  holderEmail: string
  courseId: string
  courseTitleEn: string
  courseTitleEs: string
  hours: number
  issuedAt: Date
  issuerName: string
  issuerUrl: string
}

export const VC_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2'
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
export const OB_SCHEMA = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json'

/** The credential's id: its address on this site. */
export function credentialUrl(code: string) {
  return appUrl(`/credentials/${code}`)
}

/** A human-readable answer about one credential (valid, revoked, superseded): /credentials/{code}/status. */
export function credentialStatusUrl(code: string) {
  return appUrl(`/credentials/${code}/status`)
}

/** The status list of the certificates issued in one year (a BitstringStatusListCredential). */
export function statusListUrl(year: number) {
  return appUrl(`/credentials/status/${year}`)
}

const SERIAL = /^AULA-(\d{4})-(\d{6})$/

/** Where a certificate's revocation bit is: its year's list, at its serial number. */
export function statusListPosition(serial: string): { year: number; index: number } | null {
  const match = SERIAL.exec(serial)
  return match ? { year: Number(match[1]), index: Number(match[2]) } : null
}

/**
 * Open Badges 3.0 IdentityHash of an e-mail address: "sha256$" and the hex SHA-256 of the address
 * (trimmed, lower case) followed by the salt. A verifier who is given the address checks it.
 */
export function identityHash(email: string, salt: string): string {
  return `sha256$${createHash('sha256').update(`${email.trim().toLowerCase()}${salt}`, 'utf8').digest('hex')}`
}

/** The Open Badges 3.0 credential (the JWT's `vc` claim, and the document the JWT secures). */
export function openBadgeCredential(input: CredentialInput, salt = randomBytes(16).toString('hex')) {
  const id = credentialUrl(input.code)
  const position = statusListPosition(input.serial)
  if (!position) throw new Error(`not a certificate serial: ${input.serial}`)
  const list = statusListUrl(position.year)
  const courseUrl = appUrl(`/en/courses/${input.courseId}`)
  return {
    '@context': [VC_CONTEXT_V2, OB_CONTEXT],
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: appUrl('/'), type: ['Profile'], name: input.issuerName, url: input.issuerUrl },
    validFrom: input.issuedAt.toISOString(),
    name: `${input.courseTitleEn} (${input.serial})`,
    credentialSubject: {
      type: ['AchievementSubject'],
      // The recipient: their e-mail as a salted hash (not readable, checkable by whoever knows
      // it), and the name printed on the certificate.
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: identityHash(input.holderEmail, salt),
          identityType: 'emailAddress',
          hashed: true,
          salt,
        },
        { type: 'IdentityObject', identityHash: input.holderName, identityType: 'name', hashed: false },
      ],
      achievement: {
        id: courseUrl,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: input.courseTitleEn,
        description: `${input.courseTitleEn} / ${input.courseTitleEs}`,
        criteria: {
          id: courseUrl,
          narrative: 'Completed every lesson and passed every required quiz of the course.',
        },
        humanCode: input.courseId,
        fieldOfStudy: 'Crime and criminal-justice statistics',
      },
    },
    // Revocation: bit `index` of the year's Bitstring Status List (W3C), which this site serves.
    credentialStatus: {
      id: `${list}#${position.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(position.index),
      statusListCredential: list,
    },
    credentialSchema: [{ id: OB_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
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

/** The W3C minimum, so a list does not tell how many certificates a year had. */
export const STATUS_LIST_BITS = 131_072

/**
 * The year's BitstringStatusListCredential, signed like the credentials: bit i (the most
 * significant bit of byte i / 8 first) is 1 when the certificate numbered i that year was revoked
 * or superseded. `encodedList` is the GZIP-compressed bitstring, base64url, with the multibase "u".
 */
export async function signStatusList(year: number, revoked: number[], now = new Date()): Promise<string> {
  const size = Math.max(STATUS_LIST_BITS, Math.ceil((Math.max(-1, ...revoked) + 1) / 8) * 8)
  const bits = new Uint8Array(size / 8)
  for (const index of revoked) bits[index >> 3]! |= 0x80 >> (index & 7)
  const id = statusListUrl(year)
  const vc = {
    '@context': [VC_CONTEXT_V2],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: appUrl('/'),
    validFrom: now.toISOString(),
    credentialSubject: {
      id: `${id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: `u${gzipSync(bits).toString('base64url')}`,
    },
  }
  const { kid, privateKey } = await signingKey()
  return new SignJWT({ vc })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
    .setIssuer(vc.issuer)
    .setJti(id)
    .setIssuedAt(now)
    .sign(privateKey)
}
