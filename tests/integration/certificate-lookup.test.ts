// The look-up of a printed certificate by serial and surname (issue 15, item 14): both must match,
// in any case and without accents; a wrong serial and a wrong surname get the same answer (status
// and message); bad input is a translated 400 that changes nothing; it is rate-limited per IP and
// per serial. The verification page shows the serial and the study hours printed on the PDF.
import { beforeAll, expect, test } from 'vitest'
import { newVerificationCode } from '#app/certificates/codes.server.ts'
import { isHoldersSurname } from '#app/certificates/lookup.server.ts'
import { getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { loader as verifyLoader } from '#app/routes/$lang.verify.$code.tsx'
import { action as lookupAction } from '#app/routes/$lang.verify._index.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { RATE_LIMITS } from '#app/utils/rate-limit.server.ts'
import { context, createUser, databaseFingerprint, postRequest, settle, visit } from '#tests/utils.ts'

beforeAll(async () => {
  await syncCatalogue(prisma, getManifest())
})

let serialNumber = 900_000
async function certificate(holderName = 'José Ñúñez García', hours = 12.5) {
  const user = await createUser({ certificateName: holderName })
  const serial = `AULA-2026-${String(++serialNumber)}`
  return prisma.certificate.create({
    data: {
      serial,
      verificationCode: newVerificationCode(),
      userId: user.id,
      courseId: 'iccs',
      holderName,
      courseTitleEn: 'Classifying crime',
      courseTitleEs: 'Clasificar el delito',
      hours,
    },
    select: { serial: true, verificationCode: true },
  })
}

const lookUp = (fields: Record<string, string>, lang: 'en' | 'es' = 'en', ip = `10.77.${randomIp()}`) =>
  settle(() =>
    lookupAction({
      request: postRequest(`/${lang}/verify`, fields),
      params: { lang },
      context: context({ clientIp: ip }),
    }),
  )

function randomIp() {
  return `${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`
}

type Reply = { result: { error?: Record<string, string[]> } }

test('surname rule: whole words after the given name, any case, no accents', () => {
  const name = 'José Ñúñez García'
  for (const yes of ['García', 'garcia', 'GARCÍA', 'Ñúñez', 'nunez', 'Núñez García', ' nunez  garcia '])
    expect(isHoldersSurname(name, yes), yes).toBe(true)
  for (const no of ['José', 'Jose Nunez', 'Garc', 'Garcías', 'García Ñúñez', '', 'José Ñúñez García López'])
    expect(isHoldersSurname(name, no), no).toBe(false)
  expect(isHoldersSurname("Thomas O'Brien", 'OBrien')).toBe(true)
  expect(isHoldersSurname("Thomas O'Brien", "o'brien")).toBe(true)
  expect(isHoldersSurname('Ana García-Márquez', 'Garcia Marquez')).toBe(true)
  expect(isHoldersSurname('Madonna', 'madonna')).toBe(true)
})

test('serial and surname that match lead to the verification page, in the page language', async () => {
  const cert = await certificate()
  const found = await lookUp({ serial: cert.serial.toLowerCase(), surname: 'nunez' }, 'es')
  expect(found.status).toBe(302)
  expect(found.headers.get('Location')).toBe(`/es/verify/${cert.verificationCode}`)
})

test('a wrong surname and an unknown serial get the same answer, and change nothing', async () => {
  const cert = await certificate()
  const before = await databaseFingerprint()
  const wrongSurname = await lookUp({ serial: cert.serial, surname: 'Pérez' })
  const wrongSerial = await lookUp({ serial: 'AULA-2026-123456', surname: 'García' })
  const givenName = await lookUp({ serial: cert.serial, surname: 'José' })
  for (const answer of [wrongSurname, wrongSerial, givenName]) {
    expect(answer.status).toBe(200)
    expect((answer.data as Reply).result.error).toEqual({ '': ['certificates:lookup.noMatch'] })
  }
  expect(await databaseFingerprint()).toEqual(before)
})

test('a malformed serial or an empty surname is a 400 on the field, with a translated message', async () => {
  const bad = await lookUp({ serial: '123', surname: '' }, 'es')
  expect(bad.status).toBe(400)
  expect((bad.data as Reply).result.error).toMatchObject({
    serial: ['validation:serial'],
    surname: ['validation:required'],
  })
})

test('rate-limited per IP, and per serial across IPs (surnames cannot be tried in bulk)', async () => {
  const cert = await certificate()
  const ip = '10.88.0.1'
  const statuses: number[] = []
  for (let i = 0; i <= RATE_LIMITS.certificateLookupPerIp.limit; i++)
    statuses.push((await lookUp({ serial: `AULA-2025-${100_000 + i}`, surname: 'Pérez' }, 'en', ip)).status)
  expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true)
  expect(statuses.at(-1)).toBe(429)

  const perSerial: number[] = []
  for (let i = 0; i <= RATE_LIMITS.certificateLookupPerSerial.limit; i++)
    perSerial.push((await lookUp({ serial: cert.serial, surname: `Pérez${'x'.repeat(i)}` })).status)
  expect(perSerial.slice(0, -1).every((s) => s === 200)).toBe(true)
  expect(perSerial.at(-1)).toBe(429)
  // Even the right surname waits now: the limit does not tell a guesser which try was right.
  expect((await lookUp({ serial: cert.serial, surname: 'García' })).status).toBe(429)
})

test('the verification page shows the serial and the study hours printed on the certificate', async () => {
  const cert = await certificate('Ana María Rodríguez', 12.5)
  for (const lang of ['en', 'es'] as const) {
    const page = await visit(
      verifyLoader,
      { lang, code: cert.verificationCode },
      `/${lang}/verify/${cert.verificationCode}`,
    )
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ serial: cert.serial, hours: 12.5 })
  }
})
