// Admin reports: numbers equal counts computed independently from the fixtures, suppression,
// CSV, bad input, authorization, and a constant number of queries whatever the data size.
import { randomUUID } from 'node:crypto'
import { expect, test } from 'vitest'
import { loader as reportsLoader } from '#app/routes/$lang.admin.reports.tsx'
import { loader as csvLoader } from '#app/routes/$lang.admin.reports[.csv].ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { context, createUser, getRequest, loginCookie, visit } from '#tests/utils.ts'

const COURSES = ['iccs', 'victimization-surveys', 'homicide-sdg16'] as const
type OrgType = 'police' | 'national_statistical_office' | 'academia'

type Fixture = {
  country: string
  organisationType: OrgType
  course: (typeof COURSES)[number]
  enrolledAt: string
  status: 'active' | 'completed' | 'cancelled'
  completedAt?: string
  certificate?: { issuedAt: string; status: 'valid' | 'revoked' | 'superseded' }
}

async function ensureCourses() {
  for (const id of COURSES)
    await prisma.course.upsert({ where: { id }, create: { id, status: 'published' }, update: {}, select: { id: true } })
}

/** One person per fixture row, with the enrolment (and certificate) it describes. */
async function seed(rows: Fixture[]) {
  await ensureCourses()
  for (const row of rows) {
    const user = await prisma.user.create({
      data: {
        email: `${randomUUID()}@example.org`,
        displayName: 'R',
        certificateName: 'R',
        country: row.country,
        organisation: 'Org',
        organisationType: row.organisationType,
      },
      select: { id: true },
    })
    await prisma.enrolment.create({
      data: {
        userId: user.id,
        courseId: row.course,
        source: 'free',
        status: row.status,
        createdAt: new Date(row.enrolledAt),
        completedAt: row.completedAt ? new Date(row.completedAt) : null,
      },
      select: { id: true },
    })
    if (row.certificate) {
      await prisma.certificate.create({
        data: {
          serial: `T-${randomUUID()}`,
          verificationCode: randomUUID(),
          userId: user.id,
          courseId: row.course,
          status: row.certificate.status,
          holderName: 'R',
          courseTitleEn: 'C',
          courseTitleEs: 'C',
          issuedAt: new Date(row.certificate.issuedAt),
        },
        select: { id: true },
      })
    }
  }
}

/** A deterministic spread of fixtures in one year, plus rows outside the period. */
function fixtures(year: number, n: number): Fixture[] {
  const countries = ['MX', 'CO', 'PE', 'CL']
  const orgs: OrgType[] = ['police', 'national_statistical_office', 'academia']
  const out: Fixture[] = []
  for (let i = 0; i < n; i++) {
    const month = String((i % 6) + 1).padStart(2, '0')
    const status = i % 5 === 0 ? 'cancelled' : i % 3 === 0 ? 'completed' : 'active'
    const row: Fixture = {
      country: countries[i % 4]!,
      organisationType: orgs[i % 3]!,
      course: COURSES[i % 3]!,
      enrolledAt: `${year}-${month}-10T12:00:00Z`,
      status,
    }
    if (status === 'completed') {
      row.completedAt = `${year}-${String((i % 6) + 2).padStart(2, '0')}-03T08:00:00Z`
      row.certificate = {
        issuedAt: row.completedAt,
        status: i % 4 === 0 ? 'revoked' : i % 7 === 0 ? 'superseded' : 'valid',
      }
    }
    out.push(row)
  }
  // Outside the period (the year before and after): never counted.
  out.push({
    country: 'MX',
    organisationType: 'police',
    course: 'iccs',
    enrolledAt: `${year - 1}-12-31T23:59:00Z`,
    status: 'completed',
    completedAt: `${year - 1}-12-31T23:59:30Z`,
    certificate: { issuedAt: `${year - 1}-12-31T23:59:30Z`, status: 'valid' },
  })
  out.push({
    country: 'CO',
    organisationType: 'academia',
    course: 'iccs',
    enrolledAt: `${year + 1}-01-01T00:00:00Z`,
    status: 'active',
  })
  return out
}

/** The same counts, computed from the fixture list in plain code (the rules of the report). */
function expected(rows: Fixture[], key: (f: Fixture, ts: string) => string, from: string, to: string) {
  const within = (ts?: string) => Boolean(ts && ts.slice(0, 7) >= from && ts.slice(0, 7) <= to)
  const out = new Map<string, { enrolments: number; completions: number; certificates: number }>()
  const bump = (k: string, m: 'enrolments' | 'completions' | 'certificates') => {
    const v = out.get(k) ?? { enrolments: 0, completions: 0, certificates: 0 }
    v[m]++
    out.set(k, v)
  }
  for (const f of rows) {
    if (f.status !== 'cancelled' && within(f.enrolledAt)) bump(key(f, f.enrolledAt), 'enrolments')
    if (f.status === 'completed' && within(f.completedAt)) bump(key(f, f.completedAt!), 'completions')
    if (f.certificate?.status === 'valid' && within(f.certificate.issuedAt))
      bump(key(f, f.certificate.issuedAt), 'certificates')
  }
  return out
}

async function admin() {
  const user = await createUser({ role: 'admin', country: 'MX' })
  return loginCookie(user.id)
}

type ReportData = {
  rows: Array<{
    key: string
    label: string
    enrolments: number | string
    completions: number | string
    certificates: number | string
  }>
  totals: Record<string, number | string>
}

async function report(cookie: string, search: string, lang: Lang = 'en') {
  const result = await visit(reportsLoader, { lang }, `/${lang}/admin/reports?${search}`, cookie)
  return result
}

test('report numbers equal counts computed independently from the fixtures, for every dimension', async () => {
  const cookie = await admin()
  const rows = fixtures(2031, 60)
  await seed(rows)
  const from = '2031-01'
  const to = '2031-12'
  const keys: Record<string, (f: Fixture, ts: string) => string> = {
    course: (f) => f.course,
    country: (f) => f.country,
    organisationType: (f) => f.organisationType,
    month: (_f, ts) => ts.slice(0, 7),
  }
  for (const [by, key] of Object.entries(keys)) {
    const result = await report(cookie, `by=${by}&from=${from}&to=${to}`)
    expect(result.status, by).toBe(200)
    const data = result.data as ReportData
    const want = expected(rows, key, from, to)
    const got = new Map(
      data.rows
        .filter((r) => r.enrolments !== 0 || r.completions !== 0 || r.certificates !== 0)
        .map((r) => [r.key, { enrolments: r.enrolments, completions: r.completions, certificates: r.certificates }]),
    )
    expect(Object.fromEntries(got), by).toEqual(Object.fromEntries(want))
    const sum = (m: 'enrolments' | 'completions' | 'certificates') => [...want.values()].reduce((n, v) => n + v[m], 0)
    expect(data.totals, by).toEqual({
      enrolments: sum('enrolments'),
      completions: sum('completions'),
      certificates: sum('certificates'),
    })
  }
  // The month report lists every month of the period, empty ones as 0.
  const months = (await report(cookie, `by=month&from=${from}&to=${to}`)).data as ReportData
  expect(months.rows.map((r) => r.key)).toEqual(
    Array.from({ length: 12 }, (_, i) => `2031-${String(i + 1).padStart(2, '0')}`),
  )
  // A course filter narrows every measure to that course.
  const iccs = (await report(cookie, `by=country&from=${from}&to=${to}&course=iccs`)).data as ReportData
  const wantIccs = expected(
    rows.filter((r) => r.course === 'iccs'),
    (f) => f.country,
    from,
    to,
  )
  expect(iccs.totals.enrolments).toBe([...wantIccs.values()].reduce((n, v) => n + v.enrolments, 0))
  // From after to: the period is read the right way round.
  const swapped = (await report(cookie, `by=course&from=${to}&to=${from}`)).data as ReportData
  const straight = (await report(cookie, `by=course&from=${from}&to=${to}`)).data as ReportData
  expect(swapped.totals).toEqual(straight.totals)
})

test('suppression shows counts from 1 to 4 as "<5", keeps 0, hides what would give them away, and the CSV carries the same cells', async () => {
  const cookie = await admin()
  // 2040: three enrolments in PE and six in CL.
  const rows: Fixture[] = [
    ...Array.from({ length: 3 }, () => ({
      country: 'PE',
      organisationType: 'police' as const,
      course: 'iccs' as const,
      enrolledAt: '2040-03-05T10:00:00Z',
      status: 'active' as const,
    })),
    ...Array.from({ length: 6 }, () => ({
      country: 'CL',
      organisationType: 'academia' as const,
      course: 'iccs' as const,
      enrolledAt: '2040-04-05T10:00:00Z',
      status: 'active' as const,
    })),
  ]
  await seed(rows)
  const plain = (await report(cookie, 'by=country&from=2040-01&to=2040-12')).data as ReportData
  expect(plain.rows.map((r) => [r.key, r.enrolments])).toEqual([
    ['CL', 6],
    ['PE', 3],
  ])
  const suppressed = (await report(cookie, 'by=country&from=2040-01&to=2040-12&suppress=on')).data as ReportData
  // Chile's 6 is hidden too ("x"): with the total of 9 shown, it would give Peru's 3 away.
  expect(suppressed.rows.map((r) => [r.key, r.enrolments, r.completions])).toEqual([
    ['CL', 'x', 0],
    ['PE', '<5', 0],
  ])
  expect(suppressed.totals.enrolments).toBe(9)

  const csv = await csvLoader({
    request: getRequest('/es/admin/reports.csv?by=country&from=2040-01&to=2040-12&suppress=on', cookie),
    params: { lang: 'es' },
    context: context(),
  })
  expect(csv.status).toBe(200)
  expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
  expect(csv.headers.get('Content-Disposition')).toMatch(
    /^attachment; filename="aula-country-2040-01-2040-12-suppressed\.csv"$/,
  )
  const bytes = new Uint8Array(await csv.arrayBuffer())
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1)
  const lines = text.trimEnd().split('\r\n')
  expect(lines[0]).toBe('País,Inscripciones,Cursos terminados,Certificados')
  expect(lines.slice(1)).toEqual(['Chile,x,0,0', 'Perú,<5,0,0', 'Total,9,0,0'])
})

test('complementary suppression: never one hidden cell, hidden cells add up to 5 or more, else the total is hidden', async () => {
  const { suppressColumn } = await import('#app/reports/reports.server.ts')
  // Nothing small: nothing hidden.
  expect(suppressColumn([7, 0, 12], 19, true)).toEqual({ cells: [7, 0, 12], total: 19 })
  // Off: everything shown.
  expect(suppressColumn([3, 9], 12, false)).toEqual({ cells: [3, 9], total: 12 })
  // Two small cells adding up to under 5 (1 + 2): the next smallest (6) is hidden as well.
  expect(suppressColumn([1, 2, 6, 40], 49, true)).toEqual({ cells: ['<5', '<5', 'x', 40], total: 49 })
  // Two small cells adding up to 5 or more: enough on their own.
  expect(suppressColumn([4, 3, 50], 57, true)).toEqual({ cells: ['<5', '<5', 50], total: 57 })
  // One small cell and nothing else to hide with it: the total goes.
  expect(suppressColumn([3, 0], 3, true)).toEqual({ cells: ['<5', 0], total: '<5' })
  expect(suppressColumn([2, 0, 0], 2, true).total).toBe('<5')
  // Whatever the column, no hidden cell can be computed from the total and the visible cells.
  for (const values of [
    [1, 5],
    [2, 2, 30],
    [4, 8, 9, 100],
    [1, 1, 1, 6],
  ]) {
    const total = values.reduce((a, b) => a + b, 0)
    const { cells, total: shownTotal } = suppressColumn(values, total, true)
    const hidden = cells.filter((c) => typeof c === 'string')
    if (typeof shownTotal === 'number') {
      expect(hidden.length).toBeGreaterThanOrEqual(2)
      expect(values.filter((_, i) => typeof cells[i] === 'string').reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5)
    }
  }
})

test('bad report input is a 400, never a 500; SQL in parameters is refused', async () => {
  const cookie = await admin()
  for (const search of [
    'by=user',
    'by=',
    'from=2031-13',
    'to=31-01',
    'from=1999-01',
    "course=iccs'%20OR%201=1--",
    'course=%00',
    'suppress=maybe',
    `course=${'a'.repeat(100)}`,
  ]) {
    const result = await report(cookie, search)
    expect(result.status, search).toBe(400)
    const csv = await visit(csvLoader, { lang: 'en' }, `/en/admin/reports.csv?${search}`, cookie)
    expect(csv.status, `csv ${search}`).toBe(400)
  }
  // A well-formed course that does not exist: an empty report.
  const unknown = (await report(cookie, 'course=no-such-course&from=2031-01&to=2031-12')).data as ReportData
  expect(unknown.totals).toEqual({ enrolments: 0, completions: 0, certificates: 0 })
})

test('only administrators see reports', async () => {
  for (const role of ['learner', 'trainer'] as const) {
    const user = await createUser({ role })
    const cookie = await loginCookie(user.id)
    expect((await report(cookie, 'by=course')).status).toBe(403)
    expect((await visit(csvLoader, { lang: 'en' }, '/en/admin/reports.csv', cookie)).status).toBe(403)
  }
  expect((await report('', 'by=course')).status).toBe(302)
})

test('each report runs the same number of queries for 10 rows as for 200', async () => {
  const cookie = await admin()
  let queries = 0
  prisma.$on('query', () => queries++)
  const counts: Record<string, number[]> = {}
  for (const [year, n] of [
    [2033, 10],
    [2034, 200],
  ] as const) {
    await seed(fixtures(year, n))
    for (const by of ['course', 'country', 'organisationType', 'month']) {
      queries = 0
      const result = await report(cookie, `by=${by}&from=${year}-01&to=${year}-12`)
      expect(result.status).toBe(200)
      ;(counts[by] ??= []).push(queries)
    }
  }
  for (const [by, [small, large]] of Object.entries(counts)) {
    expect(small, by).toBeGreaterThan(0)
    expect(large, by).toBe(small)
  }
})
