// The actions on a person's admin page that come from the certificate and payment issues: waive
// the fee of a paid course, issue, re-issue and revoke a certificate; and the payments CSV. Each is audited on the
// person's trail; someone else's certificate is never acted on; bad input changes nothing.
import { beforeAll, expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { loader as csvLoader } from '#app/routes/$lang.admin.payments[.csv].ts'
import { action as personAction, loader as personLoader } from '#app/routes/$lang.admin.people.$userId/route.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { context, createUser, getRequest, loginCookie, readOutbox, settle, submit, visit } from '#tests/utils.ts'

beforeAll(async () => {
  await syncCatalogue(prisma, getManifest())
})

const act = (cookie: string, userId: string, fields: Record<string, string>) =>
  submit(personAction, { lang: 'en', userId }, `/en/admin/people/${userId}`, fields, cookie)

async function admin() {
  const user = await createUser({ role: 'admin', preferredLocale: 'en' })
  return { user, cookie: await loginCookie(user.id) }
}

test('waive the fee of a paid course: enrolled with the reason and sponsor, audited on the trail; a free course or a second waiver is refused', async () => {
  const boss = await admin()
  const learner = await createUser()
  const result = await act(boss.cookie, learner.id, {
    intent: 'waive-fee',
    courseId: 'homicide-sdg16',
    reason: 'Regional workshop, Bogotá',
    sponsor: 'Programme donor',
  })
  expect(result.status).toBe(302)
  const enrolment = await prisma.enrolment.findUniqueOrThrow({
    where: { userId_courseId: { userId: learner.id, courseId: 'homicide-sdg16' } },
    select: { source: true, waiverReason: true, waiverSponsor: true, grantedById: true },
  })
  expect(enrolment).toEqual({
    source: 'waiver',
    waiverReason: 'Regional workshop, Bogotá',
    waiverSponsor: 'Programme donor',
    grantedById: boss.user.id,
  })
  const page = await visit(
    personLoader,
    { lang: 'en', userId: learner.id },
    `/en/admin/people/${learner.id}`,
    boss.cookie,
  )
  const trail = (page.data as { trail: Array<{ action: string }> }).trail
  expect(trail.map((e) => e.action)).toContain('enrolment.waiver')

  expect(
    (
      await act(boss.cookie, learner.id, {
        intent: 'waive-fee',
        courseId: 'homicide-sdg16',
        reason: 'again',
        sponsor: 'x',
      })
    ).status,
  ).toBe(409)
  expect(
    (await act(boss.cookie, learner.id, { intent: 'waive-fee', courseId: 'iccs', reason: 'r', sponsor: 's' })).status,
  ).toBe(400)
  expect(
    (await act(boss.cookie, learner.id, { intent: 'waive-fee', courseId: 'homicide-sdg16', reason: '', sponsor: 's' }))
      .status,
  ).toBe(400)
  expect(await prisma.enrolment.count({ where: { userId: learner.id } })).toBe(1)
})

test('issue, re-issue and revoke a certificate from the person page; each audited; the learner is told', async () => {
  const boss = await admin()
  const learner = await createUser({ preferredLocale: 'es' })
  await prisma.enrolment.create({
    data: { userId: learner.id, courseId: 'iccs', source: 'free' },
    select: { id: true },
  })

  expect((await act(boss.cookie, learner.id, { intent: 'issue-certificate', courseId: 'iccs' })).status).toBe(302)
  const first = await prisma.certificate.findFirstOrThrow({
    where: { userId: learner.id },
    select: { id: true, serial: true },
  })
  expect((await act(boss.cookie, learner.id, { intent: 'issue-certificate', courseId: 'iccs' })).status).toBe(409)

  expect((await act(boss.cookie, learner.id, { intent: 'reissue-certificate', certificateId: first.id })).status).toBe(
    302,
  )
  const current = await prisma.certificate.findFirstOrThrow({
    where: { userId: learner.id, status: 'valid' },
    select: { id: true, serial: true },
  })
  expect(current.serial).not.toBe(first.serial)

  expect(
    (
      await act(boss.cookie, learner.id, {
        intent: 'revoke-certificate',
        certificateId: current.id,
        reason: 'Duplicate account',
      })
    ).status,
  ).toBe(302)
  expect(await prisma.certificate.findUniqueOrThrow({ where: { id: current.id }, select: { status: true } })).toEqual({
    status: 'revoked',
  })
  const actions = await prisma.auditEvent.findMany({
    where: { actorId: boss.user.id },
    select: { action: true },
    orderBy: { createdAt: 'asc' },
  })
  expect(actions.map((a) => a.action)).toEqual(['certificate.issue', 'certificate.reissue', 'certificate.revoke'])
  expect(
    readOutbox((await prisma.user.findUniqueOrThrow({ where: { id: learner.id }, select: { email: true } })).email).map(
      (m) => m.subject,
    ),
  ).toHaveLength(3)
})

test("someone else's certificate, bad ids and missing reasons: 4xx and nothing changes; learners and trainers are refused", async () => {
  const boss = await admin()
  const owner = await createUser()
  const other = await createUser()
  await prisma.enrolment.create({ data: { userId: owner.id, courseId: 'iccs', source: 'free' }, select: { id: true } })
  expect((await act(boss.cookie, owner.id, { intent: 'issue-certificate', courseId: 'iccs' })).status).toBe(302)
  const certificate = await prisma.certificate.findFirstOrThrow({ where: { userId: owner.id }, select: { id: true } })

  // Through another person's page: not found, not revoked.
  expect(
    (await act(boss.cookie, other.id, { intent: 'revoke-certificate', certificateId: certificate.id, reason: 'r' }))
      .status,
  ).toBe(404)
  expect(
    (await act(boss.cookie, other.id, { intent: 'reissue-certificate', certificateId: certificate.id })).status,
  ).toBe(404)
  expect(
    (await act(boss.cookie, owner.id, { intent: 'revoke-certificate', certificateId: certificate.id, reason: '' }))
      .status,
  ).toBe(400)
  expect(
    (await act(boss.cookie, owner.id, { intent: 'revoke-certificate', certificateId: "x' OR 1=1 --", reason: 'r' }))
      .status,
  ).toBe(400)
  expect(
    (await act(boss.cookie, owner.id, { intent: 'revoke-certificate', certificateId: 'x'.repeat(5000), reason: 'r' }))
      .status,
  ).toBe(400)
  expect((await act(boss.cookie, other.id, { intent: 'issue-certificate', courseId: 'iccs' })).status).toBe(409)
  expect((await act(boss.cookie, owner.id, { intent: 'issue-certificate', courseId: 'no-such-course' })).status).toBe(
    404,
  )
  for (const role of ['learner', 'trainer'] as const) {
    const someone = await createUser({ role })
    expect(
      (
        await act(await loginCookie(someone.id), owner.id, {
          intent: 'revoke-certificate',
          certificateId: certificate.id,
          reason: 'r',
        })
      ).status,
    ).toBe(403)
  }
  expect(
    await prisma.certificate.findMany({
      where: { OR: [{ userId: owner.id }, { userId: other.id }] },
      select: { status: true },
    }),
  ).toEqual([{ status: 'valid' }])
})

test('payments, refunds and waivers as one CSV: BOM, headers in the page language, formulas neutralised, administrators only', async () => {
  const boss = await admin()
  const payer = await createUser({ displayName: '=HYPERLINK("http://evil.example")' })
  await prisma.payment.create({
    data: {
      userId: payer.id,
      courseId: 'homicide-sdg16',
      amountCents: 4900,
      currency: 'USD',
      status: 'refunded',
      refundedCents: 4900,
      paidAt: new Date('2026-03-01T10:00:00Z'),
      stripeSessionId: `cs_test_${payer.id}`,
    },
    select: { id: true },
  })
  const sponsored = await createUser({ displayName: 'Lucía Pérez' })
  expect(
    (
      await act(boss.cookie, sponsored.id, {
        intent: 'waive-fee',
        courseId: 'homicide-sdg16',
        reason: 'Beca regional',
        sponsor: 'Donante, programa "X"',
      })
    ).status,
  ).toBe(302)

  const response = (await csvLoader({
    request: getRequest('/es/admin/payments.csv', boss.cookie),
    params: { lang: 'es' },
    context: context(),
  })) as Response
  expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
  const bytes = new Uint8Array(await response.arrayBuffer())
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const lines = new TextDecoder().decode(bytes.subarray(3)).split('\r\n')
  expect(lines[0]).toBe(
    'Tipo,Fecha,Curso,Participante,Correo electrónico,País,Tipo de institución,Importe,Moneda,Estado,Reembolsado,Señal,Motivo de la exención,Patrocinador',
  )
  const payment = lines.find((l) => l.includes(payer.email))!
  expect(payment).toContain(`Pago,2026-03-01,`)
  expect(payment).toContain(`"'=HYPERLINK(""http://evil.example"")"`)
  expect(payment).toContain('49.00,USD,Reembolsado,49.00')
  const waiver = lines.find((l) => l.includes(sponsored.email))!
  expect(waiver.startsWith('Exención de pago,')).toBe(true)
  expect(waiver).toContain('Lucía Pérez')
  expect(waiver.endsWith(',Beca regional,"Donante, programa ""X"""')).toBe(true)

  const learner = await createUser()
  const refused = await visit(csvLoader, { lang: 'es' }, '/es/admin/payments.csv')
  expect(refused.status).toBe(302)
  const forbidden = await settle(async () =>
    csvLoader({
      request: getRequest('/es/admin/payments.csv', await loginCookie(learner.id)),
      params: { lang: 'es' },
      context: context(),
    }),
  )
  expect(forbidden.status).toBe(403)
})
