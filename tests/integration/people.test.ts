// The people console: filters and paging (bad input 4xx, never 500), CSV, a person's page, its
// audited actions (role, enrol), the audit log's filters, and constant query counts.
import { randomUUID } from 'node:crypto'
import { expect, test } from 'vitest'
import { loader as auditLoader } from '#app/routes/$lang.admin.audit.tsx'
import { action as personAction, loader as personLoader } from '#app/routes/$lang.admin.people.$userId/route.tsx'
import { loader as peopleLoader } from '#app/routes/$lang.admin.people._index.tsx'
import { loader as csvLoader } from '#app/routes/$lang.admin.people[.csv].ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import {
  context,
  createUser,
  databaseFingerprint,
  getRequest,
  loginCookie,
  queryCounter,
  submit,
  visit,
} from '#tests/utils.ts'

type PeopleData = { total: number; pages: number; people: Array<{ id: string; email: string; country: string }> }

async function adminCookie() {
  const admin = await createUser({ role: 'admin', country: 'MX' })
  return { admin, cookie: await loginCookie(admin.id) }
}

const people = (cookie: string, search: string, lang: Lang = 'en') =>
  visit(peopleLoader, { lang }, `/${lang}/admin/people?${search}`, cookie)

const person = (cookie: string, userId: string) =>
  visit(personLoader, { lang: 'en', userId }, `/en/admin/people/${userId}`, cookie)

const act = (cookie: string, userId: string, fields: Record<string, string>) =>
  submit(personAction, { lang: 'en', userId }, `/en/admin/people/${userId}`, fields, cookie)

async function ensureCourse(id: string) {
  await prisma.course.upsert({ where: { id }, create: { id, status: 'published' }, update: {}, select: { id: true } })
}

test('filters by country, organisation type, course, status and role, with search and paging', async () => {
  const { cookie } = await adminCookie()
  const tag = randomUUID().slice(0, 8)
  await ensureCourse('iccs')
  const make = async (country: string, organisationType: 'police' | 'academia', enrol?: 'active' | 'completed') => {
    const user = await prisma.user.create({
      data: {
        email: `${tag}-${randomUUID().slice(0, 6)}@example.org`,
        displayName: `P ${tag}`,
        certificateName: 'P',
        country,
        organisation: `Org ${tag}`,
        organisationType,
      },
      select: { id: true },
    })
    if (enrol)
      await prisma.enrolment.create({
        data: { userId: user.id, courseId: 'iccs', source: 'free', status: enrol },
        select: { id: true },
      })
    return user.id
  }
  const a = await make('PE', 'police', 'completed')
  const b = await make('PE', 'academia', 'active')
  const c = await make('BO', 'police')
  const ids = (d: unknown) => (d as PeopleData).people.map((p) => p.id).sort()
  expect(ids((await people(cookie, `q=${tag}&country=PE`)).data)).toEqual([a, b].sort())
  expect(ids((await people(cookie, `q=${tag}&organisationType=police`)).data)).toEqual([a, c].sort())
  expect(ids((await people(cookie, `q=${tag}&course=iccs`)).data)).toEqual([a, b].sort())
  expect(ids((await people(cookie, `q=${tag}&course=iccs&status=completed`)).data)).toEqual([a])
  expect(ids((await people(cookie, `q=${tag}&role=learner&country=BO`)).data)).toEqual([c])
  expect(ids((await people(cookie, `q=${tag}&role=admin`)).data)).toEqual([])
  // Empty selects mean "any".
  expect(ids((await people(cookie, `q=${tag}&country=&organisationType=&course=&status=&role=`)).data)).toEqual(
    [a, b, c].sort(),
  )
  // Paging: 25 a page; a page past the end is empty, not an error.
  const all = (await people(cookie, '')).data as PeopleData
  expect(all.people).toHaveLength(Math.min(25, all.total))
  const past = await people(cookie, 'page=9999')
  expect(past.status).toBe(200)
  expect((past.data as PeopleData).people).toEqual([])
})

test('bad filters and paging are a 400, never a 500; SQL fragments find nothing', async () => {
  const { cookie } = await adminCookie()
  for (const search of [
    'country=ZZ',
    'country=mx',
    'organisationType=mafia',
    'role=god',
    'status=paused',
    'course=ICCS',
    "course=x'%20OR%201=1",
    'page=-1',
    'page=0',
    'page=abc',
    'page=99999999999',
    'page=1.5',
    'q=%00',
    `q=${'x'.repeat(300)}`,
  ]) {
    const result = await people(cookie, search)
    expect(result.status, search).toBe(400)
    const csv = await visit(csvLoader, { lang: 'en' }, `/en/admin/people.csv?${search}`, cookie)
    expect(csv.status, `csv ${search}`).toBe(400)
  }
  for (const q of ["' OR '1'='1", 'x\'; DROP TABLE "User"; --', '%', '_']) {
    const result = await people(cookie, `q=${encodeURIComponent(q)}`)
    expect(result.status, q).toBe(200)
    if (q !== '%' && q !== '_') expect((result.data as PeopleData).total, q).toBe(0)
  }
  expect(await prisma.user.count()).toBeGreaterThan(0)
  // A course that does not exist: nobody.
  expect(((await people(cookie, 'course=no-such-course')).data as PeopleData).total).toBe(0)
})

test('the people CSV: BOM, headers in the page language, accents kept, formulas neutralised', async () => {
  const { cookie } = await adminCookie()
  const tag = randomUUID().slice(0, 8)
  await prisma.user.create({
    data: {
      email: `${tag}@example.org`,
      displayName: 'José Ñúñez',
      certificateName: 'J',
      country: 'MX',
      organisation: `=HYPERLINK("http://evil.example","${tag}")`,
      organisationType: 'police',
    },
    select: { id: true },
  })
  const response = await csvLoader({
    request: getRequest(`/es/admin/people.csv?q=${tag}`, cookie),
    params: { lang: 'es' },
    context: context(),
  })
  expect(response.status).toBe(200)
  const bytes = new Uint8Array(await response.arrayBuffer())
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).trimEnd().split('\r\n')
  expect(lines[0]).toBe(
    'Nombre,Correo electrónico,Código de país,País,Institución,Tipo de institución,Rol,Inscripciones,Alta',
  )
  expect(lines).toHaveLength(2)
  expect(lines[1]).toContain('José Ñúñez')
  expect(lines[1]).toContain('México')
  expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""${tag}"")"`)
  expect(lines[1]).toContain('Policía')
})

test("a person's page shows enrolments, progress, attempts, certificates, payments and the audit trail", async () => {
  const { cookie } = await adminCookie()
  const learner = await createUser()
  await ensureCourse('iccs')
  await prisma.enrolment.create({
    data: { userId: learner.id, courseId: 'iccs', source: 'free' },
    select: { id: true },
  })
  await prisma.lessonProgress.create({
    data: {
      userId: learner.id,
      courseId: 'iccs',
      lessonId: 'why-a-classification/no-such-lesson',
      completedAt: new Date(),
    },
    select: { id: true },
  })
  await prisma.quizAttempt.create({
    data: {
      userId: learner.id,
      courseId: 'iccs',
      quizId: 'foundations-quiz',
      quizVersion: 'v',
      locale: 'es',
      answers: {},
      results: [],
      score: 80,
      passed: true,
    },
    select: { id: true },
  })
  await prisma.certificate.create({
    data: {
      serial: 'AULA-2026-990001',
      verificationCode: randomUUID(),
      userId: learner.id,
      courseId: 'iccs',
      holderName: 'T',
      courseTitleEn: 'C',
      courseTitleEs: 'C',
    },
    select: { id: true },
  })
  await prisma.payment.create({
    data: { userId: learner.id, courseId: 'iccs', amountCents: 4900, currency: 'USD', status: 'paid' },
    select: { id: true },
  })
  const result = await person(cookie, learner.id)
  expect(result.status).toBe(200)
  const data = result.data as {
    enrolments: Array<{ courseId: string; percent: number | null; source: string }>
    attempts: unknown[]
    certificates: Array<{ serial: string; status: string }>
    payments: Array<{ amountCents: number }>
    trail: unknown[]
  }
  expect(data.enrolments).toMatchObject([{ courseId: 'iccs', source: 'free', percent: 0 }])
  expect(data.attempts).toHaveLength(1)
  expect(data.certificates).toMatchObject([{ serial: 'AULA-2026-990001', status: 'valid' }])
  expect(data.payments).toMatchObject([{ amountCents: 4900 }])
  expect(JSON.stringify(data)).not.toMatch(/"(hash|password)"/)
  // Unknown or malformed ids: 404.
  expect((await person(cookie, 'no-such-user')).status).toBe(404)
  expect((await person(cookie, "x' OR 1=1")).status).toBe(404)
  expect((await person(cookie, 'x'.repeat(60))).status).toBe(404)
})

test('change role and enrol from the person page: each audited in the same transaction, shown in the trail', async () => {
  const { admin, cookie } = await adminCookie()
  const learner = await createUser()
  await ensureCourse('victimization-surveys')
  const role = await act(cookie, learner.id, { intent: 'change-role', role: 'trainer' })
  expect(role.status).toBe(302)
  expect(role.headers.get('Location')).toBe(`/en/admin/people/${learner.id}`)
  const enrol = await act(cookie, learner.id, { intent: 'enrol', courseId: 'victimization-surveys' })
  expect(enrol.status).toBe(302)
  const enrolment = await prisma.enrolment.findUniqueOrThrow({
    where: { userId_courseId: { userId: learner.id, courseId: 'victimization-surveys' } },
    select: { id: true, source: true, status: true },
  })
  expect(enrolment).toMatchObject({ source: 'admin', status: 'active' })
  const events = await prisma.auditEvent.findMany({
    where: { subject: `user:${learner.id}` },
    select: { actorId: true, action: true, data: true },
    orderBy: { createdAt: 'asc' },
  })
  expect(events).toEqual([
    { actorId: admin.id, action: 'user.role.change', data: { from: 'learner', to: 'trainer' } },
    {
      actorId: admin.id,
      action: 'enrolment.create',
      data: { courseId: 'victimization-surveys', enrolmentId: enrolment.id, source: 'admin' },
    },
  ])
  const page = (await person(cookie, learner.id)).data as { trail: Array<{ action: string }> }
  expect(page.trail.map((e) => e.action).sort()).toEqual(['enrolment.create', 'user.role.change'])

  // Enrolling again is a 409 and changes nothing.
  const before = await databaseFingerprint()
  expect((await act(cookie, learner.id, { intent: 'enrol', courseId: 'victimization-surveys' })).status).toBe(409)
  expect(await databaseFingerprint()).toEqual(before)
})

test('bad actions are a 4xx and change nothing', async () => {
  const { admin, cookie } = await adminCookie()
  const learner = await createUser()
  const before = await databaseFingerprint()
  const cases: Array<[string, string, Record<string, string>, number]> = [
    ['no intent', learner.id, {}, 400],
    ['unknown intent', learner.id, { intent: 'make-admin' }, 400],
    ['unknown role', learner.id, { intent: 'change-role', role: 'superuser' }, 400],
    ['own role', admin.id, { intent: 'change-role', role: 'learner' }, 400],
    ['unknown course', learner.id, { intent: 'enrol', courseId: 'no-such-course' }, 400],
    ['malformed course', learner.id, { intent: 'enrol', courseId: "iccs'; --" }, 400],
    ['unknown person', 'no-such-user', { intent: 'change-role', role: 'trainer' }, 404],
    ['unknown person enrol', 'no-such-user', { intent: 'enrol', courseId: 'iccs' }, 404],
  ]
  for (const [label, userId, fields, status] of cases) {
    expect((await act(cookie, userId, fields)).status, label).toBe(status)
  }
  expect(await databaseFingerprint()).toEqual(before)
  // Not an administrator: 403, nothing changed.
  for (const r of ['learner', 'trainer'] as const) {
    const other = await createUser({ role: r })
    const otherCookie = await loginCookie(other.id)
    const snapshot = await databaseFingerprint()
    expect((await act(otherCookie, learner.id, { intent: 'change-role', role: 'admin' })).status).toBe(403)
    expect((await person(otherCookie, learner.id)).status).toBe(403)
    expect((await people(otherCookie, '')).status).toBe(403)
    expect(await databaseFingerprint()).toEqual(snapshot)
  }
})

test('the audit log filters by actor, action, subject and dates; bad filters are a 400', async () => {
  const { admin, cookie } = await adminCookie()
  const name = `Auditor ${randomUUID().slice(0, 6)}`
  await prisma.user.update({ where: { id: admin.id }, data: { displayName: name }, select: { id: true } })
  const learner = await createUser()
  await act(cookie, learner.id, { intent: 'change-role', role: 'trainer' })
  await prisma.auditEvent.create({
    data: {
      actorId: admin.id,
      action: 'certificate.revoke',
      subject: 'certificate:x1',
      createdAt: new Date('2030-05-05T10:00:00Z'),
    },
    select: { id: true },
  })
  const audit = (search: string) => visit(auditLoader, { lang: 'en' }, `/en/admin/audit?${search}`, cookie)
  type AuditData = { total: number; events: Array<{ action: string; subject: string }> }
  const byActor = (await audit(`actor=${encodeURIComponent(name)}`)).data as AuditData
  expect(byActor.events.map((e) => e.action).sort()).toEqual(['certificate.revoke', 'user.role.change'])
  expect(((await audit(`subject=user:${learner.id}`)).data as AuditData).events.map((e) => e.action)).toEqual([
    'user.role.change',
  ])
  expect(((await audit(`action=certificate.`)).data as AuditData).events.map((e) => e.subject)).toContain(
    'certificate:x1',
  )
  expect(((await audit('from=2030-05-01&to=2030-05-05')).data as AuditData).events.map((e) => e.subject)).toEqual([
    'certificate:x1',
  ])
  expect(((await audit('from=2030-05-06')).data as AuditData).total).toBe(0)
  // Days that are not real, or beyond what a date filter can mean (9999-12-31 was a 500: issue 14).
  const outOfRange = ['to=9999-12-31', 'from=9999-12-31', 'from=0001-01-01', 'to=2030-02-31', 'from=1999-12-31']
  for (const search of [
    'from=yesterday',
    'to=2030-02-31x',
    'page=-3',
    'page=0',
    'page=99999999',
    'actor=%00',
    ...outOfRange,
  ]) {
    expect((await audit(search)).status, search).toBe(400)
  }
  expect(((await audit("actor=' OR 1=1 --")).data as AuditData).total).toBe(0)
  const learnerCookie = await loginCookie(learner.id)
  expect((await visit(auditLoader, { lang: 'en' }, '/en/admin/audit', learnerCookie)).status).toBe(403)
})

test('people, person and audit pages run the same number of queries for few and many rows', async () => {
  const { admin, cookie } = await adminCookie()
  await ensureCourse('iccs')
  await ensureCourse('homicide-sdg16')
  const measure = queryCounter()
  const small = await createUser()
  const big = await createUser()
  for (const course of ['iccs', 'homicide-sdg16'])
    await prisma.enrolment.create({ data: { userId: big.id, courseId: course, source: 'free' }, select: { id: true } })
  for (let i = 0; i < 5; i++) {
    await prisma.auditEvent.create({
      data: { actorId: admin.id, action: 'user.role.change', subject: `user:${big.id}` },
      select: { id: true },
    })
    await prisma.quizAttempt.create({
      data: {
        userId: big.id,
        courseId: 'iccs',
        quizId: 'foundations-quiz',
        quizVersion: 'v',
        locale: 'en',
        answers: {},
        results: [],
        score: 50,
        passed: false,
      },
      select: { id: true },
    })
  }
  const p1 = await measure(() => person(cookie, small.id))
  const p2 = await measure(() => person(cookie, big.id))
  expect(p2).toBe(p1)
  const l1 = await measure(() => people(cookie, 'country=CO'))
  await prisma.user.createMany({
    data: Array.from({ length: 60 }, (_, i) => ({
      email: `bulk-${randomUUID()}-${i}@example.org`,
      displayName: 'B',
      certificateName: 'B',
      country: 'CO',
      organisation: 'O',
      organisationType: 'police' as const,
    })),
  })
  const l2 = await measure(() => people(cookie, 'country=CO'))
  expect(l2).toBe(l1)
  const a1 = await measure(() => visit(auditLoader, { lang: 'en' }, '/en/admin/audit', cookie))
  await prisma.auditEvent.createMany({
    data: Array.from({ length: 80 }, () => ({ actorId: admin.id, action: 'user.role.change', subject: 'user:x' })),
  })
  const a2 = await measure(() => visit(auditLoader, { lang: 'en' }, '/en/admin/audit', cookie))
  expect(a2).toBe(a1)
})

test('people search finds surnames in any field, ignoring case and accents, every typed word anywhere', async () => {
  const { cookie } = await adminCookie()
  const tag = randomUUID().slice(0, 8)
  const make = (displayName: string, certificateName: string, organisation: string) =>
    prisma.user
      .create({
        data: {
          email: `${tag}-${randomUUID().slice(0, 6)}@example.org`,
          displayName,
          certificateName,
          country: 'CO',
          organisation: `${organisation} ${tag}`,
          organisationType: 'police',
        },
        select: { id: true },
      })
      .then((u) => u.id)
  const jose = await make('José Ñúñez', 'José Ñúñez Gómez', 'Policía Nacional')
  const maria = await make('María', 'María Peña García', 'Instituto Nacional de Estadística')
  const ids = async (q: string) =>
    ((await people(cookie, new URLSearchParams({ q: `${q} ${tag}` }).toString())).data as PeopleData).people
      .map((p) => p.id)
      .sort()
  expect(await ids('Núñez')).toEqual([jose])
  expect(await ids('nunez')).toEqual([jose])
  expect(await ids('Jose')).toEqual([jose])
  expect(await ids('JOSÉ ÑÚÑEZ')).toEqual([jose])
  // The certificate name holds surnames the display name leaves out.
  expect(await ids('Gomez')).toEqual([jose])
  expect(await ids('Peña')).toEqual([maria])
  expect(await ids('garcia')).toEqual([maria])
  // The organisation and the e-mail, accents or not.
  expect(await ids('policia')).toEqual([jose])
  expect(await ids('estadistica')).toEqual([maria])
  expect(await ids('nacional')).toEqual([jose, maria].sort())
  expect(await ids(`${tag}-`)).toEqual([jose, maria].sort())
  expect(await ids('jose garcia')).toEqual([])
  // A name corrected later is found by its new spelling (the column follows every update).
  await prisma.user.update({
    where: { id: maria },
    data: { certificateName: 'María Peña Ibáñez' },
    select: { id: true },
  })
  expect(await ids('ibanez')).toEqual([maria])
  expect(await ids('garcia')).toEqual([])
})

test('the people CSV for Excel in Spanish: semicolons, a formula after a semicolon neutralised', async () => {
  const { cookie } = await adminCookie()
  const tag = randomUUID().slice(0, 8)
  await prisma.user.create({
    data: {
      email: `${tag}@example.org`,
      displayName: 'Ana Gómez',
      certificateName: 'Ana Gómez',
      country: 'CO',
      organisation: `DANE ${tag};=1+1`,
      organisationType: 'police',
    },
    select: { id: true },
  })
  const response = await csvLoader({
    request: getRequest(`/es/admin/people.csv?q=${tag}&sep=semicolon`, cookie),
    params: { lang: 'es' },
    context: context(),
  })
  expect(response.status).toBe(200)
  expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="aula-people-[\d-]+-excel\.csv"$/)
  const lines = (await response.text())
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
  expect(lines[0]).toBe(
    'Nombre;Correo electrónico;Código de país;País;Institución;Tipo de institución;Rol;Inscripciones;Alta',
  )
  expect(lines[1]).toMatch(new RegExp(`^Ana Gómez;${tag}@example\\.org;CO;Colombia;"DANE ${tag};'=1\\+1";Policía;`))
})
