// Certificates end to end below the browser: issue on completion (the real lesson action queues
// the job, the job runner issues it), "being prepared" meanwhile on the learner's pages with no
// writes in their loaders, the stored PDFs read back with poppler, the QR decoded, the public
// verification page, the signed credential checked against the published JWKS, revocation,
// re-issue, approval, bulk issue resumed after a crash, and bad input of every kind.
import { createHash } from 'node:crypto'
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose'
import { beforeAll, describe, expect, test } from 'vitest'
import { issueOnCompletion, onCourseCompleted } from '#app/certificates/approval.server.ts'
import { runBatch, startBatch } from '#app/certificates/batch.server.ts'
import { CODE_PATTERN } from '#app/certificates/codes.server.ts'
import { issueCertificate } from '#app/certificates/issue.server.ts'
import { getCourse, getManifest } from '#app/content/catalog.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { runJobsUntilIdle, startJobRunner } from '#app/jobs/runner.server.ts'
import { markLessonComplete } from '#app/progress/progress.server.ts'
import { loader as adminHomeLoader } from '#app/routes/$lang.admin._index.tsx'
import { action as adminAction, loader as adminLoader } from '#app/routes/$lang.admin.certificates.tsx'
import { loader as pdfLoader } from '#app/routes/$lang.certificates.$file.ts'
import { action as lessonAction } from '#app/routes/$lang.courses.$course.$module.$lesson.tsx'
import { loader as courseLoader } from '#app/routes/$lang.courses.$course._index.tsx'
import { loader as dashboardLoader } from '#app/routes/$lang.dashboard.tsx'
import { loader as verifyLoader } from '#app/routes/$lang.verify.$code.tsx'
import { loader as jwksLoader } from '#app/routes/[.]well-known.jwks[.]json.ts'
import { loader as statusLoader } from '#app/routes/credentials.$code.status.ts'
import { loader as credentialLoader } from '#app/routes/credentials.$code.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang, LANGS } from '#app/utils/i18n.ts'
import { pdfQrCode, pdfText } from '#tests/pdf.ts'
import {
  context,
  createUser,
  getRequest,
  loginCookie,
  nearlyComplete,
  postRequest,
  queuedJobs,
  readOutbox,
  settle,
  submit,
  visit,
} from '#tests/utils.ts'

const COURSE = 'iccs'
const course = () => getCourse(COURSE)!

beforeAll(async () => {
  await syncCatalogue(prisma, getManifest())
})

/** The learner marks the last lesson complete through the lesson page's action (then the job runner runs). */
async function completeLastLesson(cookie: string, lessonId: string, c: ManifestCourse = course()) {
  const result = await settle(() => postComplete(cookie, lessonId, c))
  expect(result.status).toBe(302)
}

/** The "mark as complete" request alone: what the learner's request does, before any job runs. */
function postComplete(cookie: string, lessonId: string, c: ManifestCourse = course()) {
  const [module, lesson] = lessonId.split('/') as [string, string]
  return lessonAction({
    request: postRequest(`/en/courses/${c.id}/${module}/${lesson}`, { intent: 'complete-lesson' }, cookie),
    params: { lang: 'en', course: c.id, module, lesson },
    context: context(),
  })
}

async function status(thrown: Promise<unknown>) {
  return (await settleWithoutJobs(thrown)).status
}

/** A loader or action's answer, without running the jobs it queued (settle() runs them). */
async function settleWithoutJobs(run: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    const value = await run
    if (value instanceof Response) return { status: value.status, data: null }
    return { status: 200, data: value }
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: null }
    throw thrown
  }
}

/** What the learner's pages and the queue hold for a learner (the dashboard GET must change none of it). */
async function fingerprint(userId: string) {
  const [certificates, requests, mails, enrolments, jobs] = await Promise.all([
    prisma.certificate.count({ where: { userId } }),
    prisma.certificateRequest.count({ where: { userId } }),
    prisma.mailMessage.count(),
    prisma.enrolment.findMany({ where: { userId }, select: { status: true, completedAt: true } }),
    queuedJobs(),
  ])
  return { certificates, requests, mails, enrolments, jobs: jobs.map((j) => [j.id, j.attempts]) }
}

async function learnerWithCertificate(overrides: Parameters<typeof createUser>[0] = {}) {
  const user = await createUser({ certificateName: 'José Ñúñez García', preferredLocale: 'es', ...overrides })
  const cookie = await loginCookie(user.id)
  await completeLastLesson(cookie, await nearlyComplete(user.id, course()))
  const certificate = await prisma.certificate.findFirstOrThrow({ where: { userId: user.id, courseId: COURSE } })
  return { user, cookie, certificate }
}

const verify = (code: string, lang: Lang = 'en', ip?: string) =>
  settle(() =>
    verifyLoader({
      request: getRequest(`/${lang}/verify/${code}`),
      params: { lang, code },
      context: context(ip ? { clientIp: ip } : {}),
    }),
  )

async function admin() {
  const user = await createUser({ role: 'admin', preferredLocale: 'en' })
  return { user, cookie: await loginCookie(user.id) }
}

const adminPost = (cookie: string, fields: Record<string, string>, lang: Lang = 'en') =>
  submit(adminAction, { lang }, `/${lang}/admin/certificates`, fields, cookie)

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('issue on completion', () => {
  test('completing the last lesson issues a certificate: serial, code, both PDFs with the name, QR to the verification page, mail in the learner language', async () => {
    const { user, certificate } = await learnerWithCertificate()
    expect(certificate.serial).toMatch(new RegExp(`^AULA-${new Date().getUTCFullYear()}-\\d{6}$`))
    expect(certificate.verificationCode).toMatch(CODE_PATTERN)
    expect(certificate.status).toBe('valid')
    expect(certificate.holderName).toBe('José Ñúñez García')
    expect(certificate.courseTitleEs).toBe(course().title.es)
    expect(certificate.contentHash).toBe(course().contentHash)
    expect(certificate.contentHash.length).toBeGreaterThan(8)

    const text = { en: pdfText(certificate.pdfEn!), es: pdfText(certificate.pdfEs!) }
    for (const lang of LANGS) {
      expect(text[lang]).toContain('José Ñúñez García')
      expect(text[lang]).toContain(certificate.serial)
      expect(text[lang]).toContain(`http://localhost:3000/${lang}/verify/${certificate.verificationCode}`)
    }
    expect(text.en).toContain('CERTIFICATE OF COMPLETION')
    expect(text.es).toContain('CERTIFICADO DE FINALIZACIÓN')
    expect(text.es).toContain(course().title.es.split(':')[0])
    // The completion date, written for each language.
    const day = certificate.completedAt
    expect(text.en).toContain(new Intl.DateTimeFormat('en-CO', { dateStyle: 'long', timeZone: 'UTC' }).format(day))
    expect(text.es).toContain(new Intl.DateTimeFormat('es-CO', { dateStyle: 'long', timeZone: 'UTC' }).format(day))
    expect(pdfQrCode(certificate.pdfEs!)).toBe(`http://localhost:3000/es/verify/${certificate.verificationCode}`)
    expect(certificate.pdfEnSha256).toBe(sha256(certificate.pdfEn!))

    const mails = readOutbox(user.email)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toContain('Su certificado')
    expect(mails[0]!.text).toContain(certificate.serial)
    expect(mails[0]!.text).toContain(`/es/verify/${certificate.verificationCode}`)
    const event = await prisma.auditEvent.findFirst({
      where: { subject: `certificate:${certificate.id}` },
      select: { action: true, actorId: true },
    })
    expect(event).toEqual({ action: 'certificate.issue', actorId: null })
  })

  test('completing the course queues its certificate in the same request; the pages say "being prepared", then show it; their loaders write nothing', async () => {
    const user = await createUser({ preferredLocale: 'es' })
    const cookie = await loginCookie(user.id)
    const last = await nearlyComplete(user.id, course())
    expect(await status(postComplete(cookie, last))).toBe(302)
    // The request recorded the completion and queued one job for it, and issued nothing itself.
    expect(
      await prisma.enrolment.findFirstOrThrow({
        where: { userId: user.id, courseId: COURSE },
        select: { status: true },
      }),
    ).toEqual({ status: 'completed' })
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(0)
    const jobs = (await queuedJobs('certificate:issue')).filter((job) => job.payload.userId === user.id)
    expect(jobs).toEqual([
      expect.objectContaining({
        payload: { userId: user.id, courseId: COURSE },
        key: `certificate-issue:${user.id}:${COURSE}`,
        attempts: 0,
      }),
    ])

    const dashboard = () =>
      settleWithoutJobs(
        dashboardLoader({ request: getRequest('/es/dashboard', cookie), params: { lang: 'es' }, context: context() }),
      )
    const coursePage = () =>
      settleWithoutJobs(
        courseLoader({
          request: getRequest(`/es/courses/${COURSE}`, cookie),
          params: { lang: 'es', course: COURSE },
          context: context(),
        }),
      )
    const before = await fingerprint(user.id)
    const waiting = (await dashboard()).data as { preparingCertificates: unknown[]; certificates: unknown[] }
    expect(waiting.preparingCertificates).toEqual([{ courseId: COURSE, title: course().title.es }])
    expect(waiting.certificates).toEqual([])
    expect(((await coursePage()).data as { certificate: string | null }).certificate).toBe('preparing')
    // GET loaders have no side effects: the same rows and jobs after both pages.
    expect(await fingerprint(user.id)).toEqual(before)

    // The job runner issues it; the same pages now show it.
    await runJobsUntilIdle()
    expect(await prisma.certificate.count({ where: { userId: user.id, status: 'valid' } })).toBe(1)
    const ready = (await dashboard()).data as { preparingCertificates: unknown[]; certificates: unknown[] }
    expect(ready.preparingCertificates).toEqual([])
    expect(ready.certificates).toHaveLength(1)
    expect(((await coursePage()).data as { certificate: string | null }).certificate).toBe('ready')
    expect(readOutbox(user.email)).toHaveLength(1)
  })

  test('a completion that rolls back queues nothing', async () => {
    const user = await createUser()
    const last = await nearlyComplete(user.id, course())
    await expect(
      prisma.$transaction(async (tx) => {
        expect((await markLessonComplete(user.id, course(), last, tx)).completedNow).toBe(true)
        throw new Error('something after it failed')
      }),
    ).rejects.toThrow('something after it failed')
    expect(await prisma.enrolment.findFirstOrThrow({ where: { userId: user.id }, select: { status: true } })).toEqual({
      status: 'active',
    })
    expect((await queuedJobs('certificate:issue')).filter((job) => job.payload.userId === user.id)).toEqual([])
  })

  test('two completions at once, and issue jobs run at once, still give one certificate; a revoked one is never replaced automatically', async () => {
    const user = await createUser()
    const cookie = await loginCookie(user.id)
    const last = await nearlyComplete(user.id, course())
    // The last lesson marked complete twice at the same moment: one completion, one job.
    const statuses = await Promise.all([status(postComplete(cookie, last)), status(postComplete(cookie, last))])
    expect(statuses).toEqual([302, 302])
    expect((await queuedJobs('certificate:issue')).filter((job) => job.payload.userId === user.id)).toHaveLength(1)
    // The issue itself run three times at once (say, a job retried on two nodes) besides the job.
    await Promise.all([
      issueOnCompletion({ userId: user.id, courseId: COURSE }),
      issueOnCompletion({ userId: user.id, courseId: COURSE }),
      issueOnCompletion({ userId: user.id, courseId: COURSE }),
      runJobsUntilIdle(),
    ])
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(1)
    await prisma.certificate.updateMany({
      where: { userId: user.id },
      data: { status: 'revoked', revokedAt: new Date() },
    })
    await issueOnCompletion({ userId: user.id, courseId: COURSE })
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(1)
  })

  test('the database allows one valid certificate per learner and course, whoever writes it', async () => {
    const { user, certificate } = await learnerWithCertificate()
    const { id: _id, serial: _serial, verificationCode: _code, ...copy } = certificate
    await expect(
      prisma.certificate.create({
        data: { ...copy, serial: `${certificate.serial}-X`, verificationCode: 'Z'.repeat(27) },
        select: { id: true },
      }),
    ).rejects.toMatchObject({ code: 'P2002' })
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(1)
  })

  test('a course that asks for approval queues the certificate; an administrator approves it', async () => {
    const approvalCourse = { ...course(), certificate: { ...course().certificate, approval: true } }
    const user = await createUser()
    await nearlyComplete(user.id, course())
    await prisma.$transaction((tx) => onCourseCompleted(tx, user.id, approvalCourse))
    await runJobsUntilIdle()
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(0)
    expect((await queuedJobs('certificate:issue')).filter((job) => job.payload.userId === user.id)).toEqual([])
    const request = await prisma.certificateRequest.findFirstOrThrow({
      where: { userId: user.id },
      select: { id: true, status: true },
    })
    expect(request.status).toBe('pending')

    const boss = await admin()
    const listed = await visit(adminLoader, { lang: 'en' }, '/en/admin/certificates', boss.cookie)
    expect((listed.data as { pending: Array<{ id: string }> }).pending.map((p) => p.id)).toContain(request.id)
    const overview = await visit(adminHomeLoader, { lang: 'en' }, '/en/admin', boss.cookie)
    const waitingBefore = (overview.data as { waiting: { approvals: number } }).waiting.approvals
    expect(waitingBefore).toBe(await prisma.certificateRequest.count({ where: { status: 'pending' } }))
    expect(waitingBefore).toBeGreaterThanOrEqual(1)
    expect(
      (await adminPost(boss.cookie, { intent: 'approve-certificate-request', requestId: request.id })).status,
    ).toBe(302)
    const after = await prisma.certificateRequest.findUniqueOrThrow({
      where: { id: request.id },
      select: { status: true, certificateId: true, actorId: true },
    })
    expect(after.status).toBe('approved')
    expect(after.actorId).toBe(boss.user.id)
    const overviewAfter = await visit(adminHomeLoader, { lang: 'en' }, '/en/admin', boss.cookie)
    expect((overviewAfter.data as { waiting: { approvals: number } }).waiting.approvals).toBe(waitingBefore - 1)
    expect(await prisma.certificate.count({ where: { userId: user.id, status: 'valid' } })).toBe(1)
    // Approving again: already decided.
    expect(
      (await adminPost(boss.cookie, { intent: 'approve-certificate-request', requestId: request.id })).status,
    ).toBe(409)

    // Another learner's request is rejected: they are told why, in Spanish, and see it on their dashboard.
    const other = await createUser({ preferredLocale: 'es' })
    await nearlyComplete(other.id, course())
    await prisma.$transaction((tx) => onCourseCompleted(tx, other.id, approvalCourse))
    const otherRequest = await prisma.certificateRequest.findFirstOrThrow({
      where: { userId: other.id },
      select: { id: true },
    })
    expect(
      (await adminPost(boss.cookie, { intent: 'reject-certificate-request', requestId: otherRequest.id, reason: '' }))
        .status,
    ).toBe(400)
    expect(
      (
        await adminPost(boss.cookie, {
          intent: 'reject-certificate-request',
          requestId: otherRequest.id,
          reason: 'Falta la evaluación presencial',
        })
      ).status,
    ).toBe(302)
    const mail = readOutbox(other.email).at(-1)!
    expect(mail.subject).toContain('no fue aprobado')
    expect(mail.text).toContain('Falta la evaluación presencial')
    const dash = await settle(async () =>
      dashboardLoader({
        request: getRequest('/es/dashboard', await loginCookie(other.id)),
        params: { lang: 'es' },
        context: context(),
      }),
    )
    expect((dash.data as { pendingCertificates: unknown[] }).pendingCertificates).toEqual([
      { courseId: COURSE, title: course().title.es, rejected: true, reason: 'Falta la evaluación presencial' },
    ])
    expect(
      await prisma.auditEvent.count({ where: { action: 'certificate.request.reject', actorId: boss.user.id } }),
    ).toBe(1)
  })
})

describe('public verification', () => {
  test('valid, then revoked with its date, in the reader language; only name, course, serial, hours, dates, issuer, fingerprints', async () => {
    const { certificate } = await learnerWithCertificate()
    const valid = await verify(certificate.verificationCode, 'es')
    expect(valid.status).toBe(200)
    const body = valid.data as Record<string, unknown>
    expect(body).toMatchObject({
      found: true,
      status: 'valid',
      holderName: 'José Ñúñez García',
      courseTitle: course().title.es,
      // As printed on the certificate, so a verifier holding paper can match it.
      serial: certificate.serial,
      hours: course().hours,
    })
    expect(body.fingerprints).toEqual({ en: sha256(certificate.pdfEn!), es: sha256(certificate.pdfEs!) })
    expect(Object.keys(body).sort()).toEqual(
      [
        'code',
        'completedAt',
        'courseTitle',
        'currentCode',
        'fingerprints',
        'found',
        'holderName',
        'hours',
        'issuedAt',
        'issuerName',
        'replacedAt',
        'revokedAt',
        'serial',
        'status',
      ].sort(),
    )
    expect(JSON.stringify(body)).not.toContain('@example.org')

    const boss = await admin()
    expect(
      (
        await adminPost(boss.cookie, {
          intent: 'revoke-certificate',
          certificateId: certificate.id,
          reason: 'Attempts shared with another learner',
        })
      ).status,
    ).toBe(302)
    const revoked = await verify(certificate.verificationCode, 'en')
    expect(revoked.data).toMatchObject({ status: 'revoked' })
    expect((revoked.data as { revokedAt: string | null }).revokedAt).not.toBeNull()
  })

  test('unknown, malformed and very long codes: 404 "not found", nothing else', async () => {
    for (const code of [
      'A'.repeat(27),
      'short',
      'x'.repeat(10_000),
      "' OR 1=1 --",
      '%00',
      'AULA-2026-000001',
      '../../etc/passwd',
    ]) {
      const result = await verify(code)
      expect(result.status, code.slice(0, 30)).toBe(404)
      expect(result.data).toEqual({ found: false })
    }
  })

  test('the page is rate-limited per IP', async () => {
    const ip = '10.99.0.1'
    const statuses: number[] = []
    for (let i = 0; i < 62; i++) statuses.push((await verify('B'.repeat(27), 'en', ip)).status)
    expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true)
    expect(statuses.at(-1)).toBe(429)
  })
})

describe('signed credential', () => {
  test('verifies with the published JWKS, fails when one byte changes, and its status follows revocation', async () => {
    const { certificate } = await learnerWithCertificate()
    const jwksResponse = (await jwksLoader()) as Response
    const keySet = createLocalJWKSet((await jwksResponse.json()) as JSONWebKeySet)
    const code = certificate.verificationCode
    const credentialResponse = await credentialLoader({
      request: getRequest(`/credentials/${code}?format=jwt`),
      params: { code },
      context: context(),
    })
    expect(credentialResponse.headers.get('Content-Type')).toBe('application/vc+jwt')
    const jwt = await credentialResponse.text()
    expect(jwt).toBe(certificate.credentialJwt)

    const { payload, protectedHeader } = await jwtVerify(jwt, keySet)
    expect(protectedHeader.alg).toBe('EdDSA')
    const vc = payload.vc as {
      type: string[]
      name: string
      credentialSubject: {
        identifier: Array<{ identityType: string; identityHash: string }>
        achievement: { name: string; humanCode: string }
      }
      credentialStatus: { statusListCredential: string; statusListIndex: string }
    }
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential'])
    expect(vc.credentialSubject.identifier.find((i) => i.identityType === 'name')?.identityHash).toBe(
      'José Ñúñez García',
    )
    expect(vc.name).toContain(certificate.serial)

    // One byte changed, in the payload and in the signature: both refused.
    const [header, body, signature] = jwt.split('.') as [string, string, string]
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1)
    await expect(jwtVerify(`${header}.${flip(body, 10)}.${signature}`, keySet)).rejects.toThrow()
    await expect(jwtVerify(`${header}.${body}.${flip(signature, 5)}`, keySet)).rejects.toThrow()

    const status = async () => {
      const response = await statusLoader({
        request: getRequest(`/credentials/${code}/status`),
        params: { code },
        context: context(),
      })
      return (await response.json()) as { status: string; revoked: boolean }
    }
    expect(await status()).toMatchObject({ status: 'valid', revoked: false })
    // The machine-readable status is the Bitstring Status List (tests/integration/open-badges.test.ts).
    expect(vc.credentialStatus.statusListCredential).toBe(
      `http://localhost:3000/credentials/status/${certificate.serial.slice(5, 9)}`,
    )
    const boss = await admin()
    await adminPost(boss.cookie, {
      intent: 'revoke-certificate',
      certificateId: certificate.id,
      reason: 'Issued in error',
    })
    expect(await status()).toMatchObject({ status: 'revoked', revoked: true })
    const json = await credentialLoader({
      request: getRequest(`/credentials/${code}`),
      params: { code },
      context: context(),
    })
    expect(await json.json()).toMatchObject({ status: 'revoked', jwt })
  })

  test('unknown or malformed credential ids are a JSON 404', async () => {
    for (const code of ['C'.repeat(27), 'nope', 'x'.repeat(5000)]) {
      const response = await credentialLoader({
        request: getRequest(`/credentials/${code}`),
        params: { code },
        context: context(),
      })
      expect(response.status).toBe(404)
      expect(await response.json()).toEqual({ error: 'not-found' })
    }
  })
})

describe('PDF download', () => {
  test('the holder gets the stored bytes in the language of the URL; someone else gets 404; anonymous is sent to log in', async () => {
    const { cookie, certificate } = await learnerWithCertificate()
    const get = (lang: Lang, file: string, cookieHeader?: string) =>
      settle(async () =>
        pdfLoader({
          request: getRequest(`/${lang}/certificates/${file}`, cookieHeader),
          params: { lang, file },
          context: context(),
        }),
      )
    const own = await pdfLoader({
      request: getRequest(`/es/certificates/${certificate.id}.pdf`, cookie),
      params: { lang: 'es', file: `${certificate.id}.pdf` },
      context: context(),
    })
    expect(own.status).toBe(200)
    expect(own.headers.get('Content-Type')).toBe('application/pdf')
    expect(sha256(new Uint8Array(await own.arrayBuffer()))).toBe(certificate.pdfEsSha256)

    const other = await createUser()
    const otherCookie = await loginCookie(other.id)
    expect((await get('en', `${certificate.id}.pdf`, otherCookie)).status).toBe(404)
    expect((await get('en', 'nonexistent.pdf', otherCookie)).status).toBe(404)
    expect((await get('en', `${'z'.repeat(3000)}.pdf`, otherCookie)).status).toBe(404)
    expect((await get('en', `${certificate.id}.exe`, cookie)).status).toBe(404)
    expect((await get('en', `${certificate.id}.pdf`)).status).toBe(302)
    const boss = await admin()
    expect((await get('en', `${certificate.id}.pdf`, boss.cookie)).status).toBe(200)
    // Once revoked, the holder no longer gets it (an administrator still does).
    await adminPost(boss.cookie, { intent: 'revoke-certificate', certificateId: certificate.id, reason: 'Test' })
    expect((await get('es', `${certificate.id}.pdf`, cookie)).status).toBe(404)
    expect((await get('es', `${certificate.id}.pdf`, boss.cookie)).status).toBe(200)
  })

  test('the dashboard lists the certificate with both PDFs, the verification page, the credential and LinkedIn', async () => {
    const { cookie, certificate } = await learnerWithCertificate()
    const dash = await visit(dashboardLoader, { lang: 'es' }, '/es/dashboard', cookie)
    const listed = (dash.data as { certificates: Array<Record<string, string>> }).certificates
    expect(listed).toHaveLength(1)
    expect(listed[0]).toMatchObject({
      id: certificate.id,
      serial: certificate.serial,
      status: 'valid',
      verifyHref: `/es/verify/${certificate.verificationCode}`,
    })
    const linkedin = new URL(listed[0]!.linkedin!)
    expect(linkedin.origin + linkedin.pathname).toBe('https://www.linkedin.com/profile/add')
    expect(linkedin.searchParams.get('certId')).toBe(certificate.serial)
    expect(linkedin.searchParams.get('certUrl')).toBe(`http://localhost:3000/es/verify/${certificate.verificationCode}`)
  })
})

describe('administrators', () => {
  test('revoke: audited, the learner is told in their language, and a second revoke is refused', async () => {
    const { user, certificate } = await learnerWithCertificate({ preferredLocale: 'es' })
    const boss = await admin()
    const result = await adminPost(
      boss.cookie,
      { intent: 'revoke-certificate', certificateId: certificate.id, reason: 'Identity could not be confirmed' },
      'en',
    )
    expect(result.status).toBe(302)
    const row = await prisma.certificate.findUniqueOrThrow({
      where: { id: certificate.id },
      select: { status: true, revokedReason: true, actorId: true },
    })
    expect(row).toEqual({ status: 'revoked', revokedReason: 'Identity could not be confirmed', actorId: boss.user.id })
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'certificate.revoke', subject: `certificate:${certificate.id}` },
      select: { actorId: true },
    })
    expect(audit.actorId).toBe(boss.user.id)
    const mail = readOutbox(user.email).at(-1)!
    expect(mail.subject).toContain('fue revocado')
    expect(mail.text).toContain('Identity could not be confirmed')
    expect(
      (await adminPost(boss.cookie, { intent: 'revoke-certificate', certificateId: certificate.id, reason: 'again' }))
        .status,
    ).toBe(409)
  })

  test('re-issue after a name correction: a new serial with the new name; the old one points to it', async () => {
    const { user, certificate } = await learnerWithCertificate({ certificateName: 'Jose Nunez' })
    await prisma.user.update({ where: { id: user.id }, data: { certificateName: 'José Ñúñez García' } })
    const boss = await admin()
    expect(
      (await adminPost(boss.cookie, { intent: 'reissue-certificate', certificateId: certificate.id })).status,
    ).toBe(302)
    const old = await prisma.certificate.findUniqueOrThrow({
      where: { id: certificate.id },
      select: {
        status: true,
        supersededBy: { select: { serial: true, holderName: true, verificationCode: true, status: true } },
      },
    })
    expect(old.status).toBe('superseded')
    expect(old.supersededBy).toMatchObject({ holderName: 'José Ñúñez García', status: 'valid' })
    expect(old.supersededBy!.serial).not.toBe(certificate.serial)
    expect(
      pdfText(
        (
          await prisma.certificate.findUniqueOrThrow({
            where: { verificationCode: old.supersededBy!.verificationCode },
            select: { pdfEn: true },
          })
        ).pdfEn!,
      ),
    ).toContain('José Ñúñez García')
    const page = await verify(certificate.verificationCode)
    expect(page.data).toMatchObject({ status: 'superseded', currentCode: old.supersededBy!.verificationCode })
    expect(await prisma.auditEvent.count({ where: { action: 'certificate.reissue', actorId: boss.user.id } })).toBe(1)
    expect(readOutbox(user.email).at(-1)!.subject).toContain('se emitió de nuevo')
  })

  test('a name with HTML or script is printed and shown as text, never run', async () => {
    const { certificate } = await learnerWithCertificate({ certificateName: '<script>alert(1)</script> & <b>Ana</b>' })
    expect(certificate.holderName).toBe('<script>alert(1)</script> & <b>Ana</b>')
    expect(pdfText(certificate.pdfEn!)).toContain('<script>alert(1)</script> & <b>Ana</b>')
    const page = await verify(certificate.verificationCode)
    expect((page.data as { holderName: string }).holderName).toBe('<script>alert(1)</script> & <b>Ana</b>')
  })

  test('a name the certificate font cannot print is refused, never stored as empty boxes', async () => {
    const user = await createUser({ certificateName: '王小明' })
    await prisma.enrolment.create({
      data: { userId: user.id, courseId: COURSE, source: 'free' },
      select: { id: true },
    })
    const serials = await prisma.certificateSerial.findMany()
    expect(await issueCertificate({ userId: user.id, courseId: COURSE, actorId: null, source: 'admin' })).toEqual({
      ok: false,
      error: 'unprintable-name',
    })
    // Refused before a serial was taken.
    expect(await prisma.certificateSerial.findMany()).toEqual(serials)
    const boss = await admin()
    const refused = await adminPost(boss.cookie, { intent: 'issue-certificate', email: user.email, courseId: COURSE })
    expect(refused.status).toBe(409)
    expect((refused.data as { result: { error: Record<string, string[]> } }).result.error['']).toEqual([
      'certificates:errors.unprintableName',
    ])
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(0)
    // Issued automatically, it is not retried in vain: it waits for an administrator instead.
    await issueOnCompletion({ userId: user.id, courseId: COURSE })
    expect(
      await prisma.certificateRequest.findFirst({
        where: { userId: user.id, courseId: COURSE },
        select: { status: true },
      }),
    ).toEqual({ status: 'pending' })
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(0)
  })

  test('issue by hand; bad input of every kind is a 4xx that changes nothing; learners and trainers are refused', async () => {
    const learner = await createUser({ preferredLocale: 'en' })
    await prisma.enrolment.create({
      data: { userId: learner.id, courseId: COURSE, source: 'free' },
      select: { id: true },
    })
    const boss = await admin()
    const before = await prisma.certificate.count()
    const bad: Array<[Record<string, string>, number]> = [
      [{ intent: 'issue-certificate', email: 'nobody@example.org', courseId: COURSE }, 404],
      [{ intent: 'issue-certificate', email: learner.email, courseId: 'no-such-course' }, 404],
      [{ intent: 'issue-certificate', email: 'not an email', courseId: COURSE }, 400],
      [{ intent: 'revoke-certificate', certificateId: 'x'.repeat(5000), reason: 'r' }, 400],
      [{ intent: 'revoke-certificate', certificateId: 'clnotacertificate000000', reason: 'r' }, 404],
      [{ intent: 'revoke-certificate', certificateId: 'abc', reason: '' }, 400],
      [{ intent: 'revoke-certificate', certificateId: "1' OR '1'='1", reason: 'r' }, 400],
      [{ intent: 'reissue-certificate', certificateId: 'clnotacertificate000000' }, 404],
      [{ intent: 'bulk-issue-certificates', courseId: COURSE, cohortId: 'clnocohort' }, 404],
      [{ intent: 'explode' }, 400],
      [{}, 400],
    ]
    for (const [fields, status] of bad)
      expect((await adminPost(boss.cookie, fields)).status, JSON.stringify(fields).slice(0, 80)).toBe(status)
    expect(await prisma.certificate.count()).toBe(before)

    for (const role of ['learner', 'trainer'] as const) {
      const someone = await createUser({ role })
      const result = await adminPost(await loginCookie(someone.id), {
        intent: 'issue-certificate',
        email: learner.email,
        courseId: COURSE,
      })
      expect(result.status).toBe(403)
    }
    expect(await prisma.certificate.count()).toBe(before)

    expect(
      (
        await adminPost(boss.cookie, {
          intent: 'issue-certificate',
          email: learner.email.toUpperCase(),
          courseId: COURSE,
        })
      ).status,
    ).toBe(302)
    expect(
      await prisma.certificate.count({ where: { userId: learner.id, status: 'valid', actorId: boss.user.id } }),
    ).toBe(1)
    expect(
      (await adminPost(boss.cookie, { intent: 'issue-certificate', email: learner.email, courseId: COURSE })).status,
    ).toBe(409)
    // Not enrolled: refused.
    const stranger = await createUser()
    expect(
      (await adminPost(boss.cookie, { intent: 'issue-certificate', email: stranger.email, courseId: COURSE })).status,
    ).toBe(409)
  })

  test('bulk issue resumes after a crash without issuing anyone twice', async () => {
    const boss = await admin()
    const learners = await Promise.all(Array.from({ length: 6 }, () => createUser()))
    for (const l of learners) {
      await prisma.enrolment.create({
        data: {
          userId: l.id,
          courseId: 'victimization-surveys',
          source: 'free',
          status: 'completed',
          completedAt: new Date(),
        },
        select: { id: true },
      })
    }
    // One of them already has a certificate.
    const already = await issueCertificate({
      userId: learners[0]!.id,
      courseId: 'victimization-surveys',
      actorId: boss.user.id,
      source: 'admin',
    })
    expect(already.ok).toBe(true)

    const started = await startBatch({ courseId: 'victimization-surveys', cohortId: null, actorId: boss.user.id })
    if (!started.ok) throw new Error(started.error)
    // A second start while it runs is refused.
    expect(await startBatch({ courseId: 'victimization-surveys', cohortId: null, actorId: boss.user.id })).toEqual({
      ok: false,
      error: 'batch-running',
    })
    // Its job was queued with it. A runner takes it and dies after three learners (the
    // library's lock stays on the job)...
    const job = (await queuedJobs('certificate:batch')).find((j) => j.payload.batchId === started.batchId)!
    expect(job).toMatchObject({ attempts: 0, key: `certificate-batch:${started.batchId}` })
    await prisma.$executeRaw`UPDATE graphile_worker._private_jobs SET locked_by = 'dead-node', locked_at = now(), attempts = 1 WHERE id = ${job.id}::bigint`
    await runBatch(started.batchId, { stopAfter: 3 })
    const midway = await prisma.certificateBatch.findUniqueOrThrow({ where: { id: started.batchId } })
    expect(midway.status).toBe('running')
    expect(midway.issued + midway.skipped).toBe(3)
    // ...while its lock holds, no runner takes the batch over...
    await runJobsUntilIdle()
    expect(
      await prisma.certificateBatch.findUniqueOrThrow({
        where: { id: started.batchId },
        select: { issued: true, skipped: true },
      }),
    ).toEqual({ issued: midway.issued, skipped: midway.skipped })
    // ...and once the lock expires (four hours), a runner finishes it from where it stopped.
    await prisma.$executeRaw`UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '4 hours 1 minute' WHERE id = ${job.id}::bigint`
    const stop = await startJobRunner({ concurrency: 2, resetLockedMs: 200 })
    try {
      await expect
        .poll(
          async () => (await prisma.certificateBatch.findUniqueOrThrow({ where: { id: started.batchId } })).status,
          { timeout: 30_000, interval: 200 },
        )
        .toBe('done')
    } finally {
      await stop()
    }
    const done = await prisma.certificateBatch.findUniqueOrThrow({ where: { id: started.batchId } })
    expect(done).toMatchObject({ status: 'done', total: 6, issued: 5, skipped: 1, failed: 0 })
    for (const l of learners)
      expect(await prisma.certificate.count({ where: { userId: l.id, courseId: 'victimization-surveys' } })).toBe(1)
    expect(
      await prisma.auditEvent.count({
        where: { action: 'certificate.bulk.start', subject: `certificate-batch:${started.batchId}` },
      }),
    ).toBe(1)
  })
})
