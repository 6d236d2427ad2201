// The Open Badges 3.0 credential of a certificate (issue 14, defect 11), fetched over real HTTP as a
// verifier would: it verifies with the published key set, it is valid against the Open Badges 3.0
// JSON Schema (tests/fixtures/open-badges, draft 2019-09, checked with Ajv), it binds its
// recipient by a salted SHA-256 hash of their e-mail, and its status is a bit of a signed W3C
// Bitstring Status List this site serves, set the moment the certificate is revoked.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import Ajv2019 from 'ajv/dist/2019.js'
import addFormats from 'ajv-formats'
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose'
import { expect, test } from 'vitest'
import { issueCertificate } from '#app/certificates/issue.server.ts'
import { revokeCertificate } from '#app/certificates/revoke-reissue.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { serveAppForFile } from '#tests/http.ts'
import { createUser } from '#tests/utils.ts'

const schema = JSON.parse(
  readFileSync('tests/fixtures/open-badges/ob_v3p0_achievementcredential_schema.json', 'utf8'),
) as object
const ajv = new Ajv2019({ allErrors: true, strict: false })
addFormats(ajv)
const validate = ajv.compile(schema)

const app = serveAppForFile({ catalogue: true })

async function get(path: string) {
  const response = await fetch(`${app.origin}${path}`)
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() }
}

async function keySet() {
  return createLocalJWKSet(JSON.parse((await get('/.well-known/jwks.json')).text) as JSONWebKeySet)
}

type Credential = {
  '@context': string[]
  validFrom: string
  credentialSubject: {
    identifier: Array<{ identityType: string; identityHash: string; hashed: boolean; salt?: string }>
    achievement: { criteria: { narrative: string } }
  }
  credentialStatus: { type: string; statusPurpose: string; statusListIndex: string; statusListCredential: string }
}

async function issued() {
  const admin = await createUser({ role: 'admin' })
  const learner = await createUser({ email: `Ana.Perez.${Date.now()}@INEGI.example`.toLowerCase() })
  await prisma.enrolment.create({
    data: { userId: learner.id, courseId: 'iccs', source: 'free' },
    select: { id: true },
  })
  const result = await issueCertificate({ userId: learner.id, courseId: 'iccs', actorId: admin.id, source: 'admin' })
  if (!result.ok) throw new Error(result.error)
  const certificate = await prisma.certificate.findFirstOrThrow({
    where: { userId: learner.id },
    select: { id: true, serial: true, verificationCode: true },
  })
  return { admin, learner, certificate }
}

/** Bit `index` of a BitstringStatusListCredential's list (multibase "u", base64url, GZIP). */
function bitOf(encodedList: string, index: number): { bit: number; bits: number } {
  expect(encodedList.startsWith('u')).toBe(true)
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'))
  return { bit: (bytes[index >> 3]! >> (7 - (index & 7))) & 1, bits: bytes.length * 8 }
}

test('the credential verifies with the published keys and is valid against the Open Badges 3.0 JSON Schema', async () => {
  const { learner, certificate } = await issued()
  const response = await get(`/credentials/${certificate.verificationCode}?format=jwt`)
  expect(response.type).toBe('application/vc+jwt')
  const { payload } = await jwtVerify(response.text, await keySet(), { algorithms: ['EdDSA'] })
  const vc = payload.vc as Credential

  const valid = validate(vc)
  expect(validate.errors ?? [], 'schema errors').toEqual([])
  expect(valid).toBe(true)
  expect(vc['@context'].slice(0, 2)).toEqual([
    'https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  ])
  expect(vc).not.toHaveProperty('issuanceDate')
  expect(Date.parse(vc.validFrom)).not.toBeNaN()

  // The recipient: a salted SHA-256 of their e-mail that whoever knows the address can check, and no address in clear.
  const email = vc.credentialSubject.identifier.find((i) => i.identityType === 'emailAddress')!
  expect(email.hashed).toBe(true)
  expect(email.salt).toMatch(/^[0-9a-f]{32}$/)
  expect(email.identityHash).toBe(
    `sha256$${createHash('sha256').update(`${learner.email}${email.salt}`).digest('hex')}`,
  )
  expect(JSON.stringify(vc)).not.toContain(learner.email)
  expect(vc.credentialSubject.achievement.criteria.narrative.length).toBeGreaterThan(10)
})

test('the schema fixture refuses what the issue found: the VC 1.1 context, a subject bound by nothing, no validFrom', async () => {
  const { certificate } = await issued()
  const { payload } = await jwtVerify(
    (await get(`/credentials/${certificate.verificationCode}?format=jwt`)).text,
    await keySet(),
  )
  const vc = payload.vc as Record<string, unknown> & { credentialSubject: Record<string, unknown> }
  const broken = [
    { ...vc, '@context': ['https://www.w3.org/2018/credentials/v1', (vc['@context'] as string[])[1]] },
    { ...vc, credentialSubject: { ...vc.credentialSubject, identifier: undefined } },
    { ...vc, validFrom: undefined, issuanceDate: vc.validFrom },
    {
      ...vc,
      credentialSubject: {
        ...vc.credentialSubject,
        identifier: [{ type: 'IdentityObject', hashed: true, identityHash: 'a@b.c', identityType: 'emailAddress' }],
      },
    },
  ]
  for (const document of broken) expect(validate(JSON.parse(JSON.stringify(document)))).toBe(false)
})

test('its status is a bit of a signed Bitstring Status List served here, set the moment it is revoked', async () => {
  const { admin, certificate } = await issued()
  const { payload } = await jwtVerify(
    (await get(`/credentials/${certificate.verificationCode}?format=jwt`)).text,
    await keySet(),
  )
  const status = (payload.vc as Credential).credentialStatus
  expect(status).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' })
  expect(status.statusListIndex).toBe(String(Number(certificate.serial.slice(-6))))
  const listPath = new URL(status.statusListCredential).pathname

  const read = async () => {
    const response = await get(listPath)
    expect(response.status).toBe(200)
    expect(response.type).toBe('application/vc+jwt')
    const list = await jwtVerify(response.text, await keySet(), { algorithms: ['EdDSA'] })
    const vc = list.payload.vc as {
      type: string[]
      credentialSubject: { type: string; statusPurpose: string; encodedList: string }
    }
    expect(vc.type).toContain('BitstringStatusListCredential')
    expect(vc.credentialSubject).toMatchObject({ type: 'BitstringStatusList', statusPurpose: 'revocation' })
    return bitOf(vc.credentialSubject.encodedList, Number(status.statusListIndex))
  }
  expect(await read()).toEqual({ bit: 0, bits: 131_072 })
  expect(
    await revokeCertificate({ certificateId: certificate.id, actorId: admin.id, reason: 'Emitido por error' }),
  ).toMatchObject({ ok: true })
  expect((await read()).bit).toBe(1)
  // Years that cannot have a list: a 404, never a 500.
  for (const year of ['1999', '9999', 'abcd', '2026%00'])
    expect((await get(`/credentials/status/${year}`)).status).toBe(404)
})
