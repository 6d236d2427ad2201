// Cohort CSV import: dry-run preview, import with invitations in each person's language,
// re-running changes nothing, every kind of bad file is refused precisely with nothing stored,
// and an import whose runner died half-way is finished, by two runs at once too, without doing
// anything twice (the import is a job of the job runner: ADR 012).
import { beforeAll, expect, test } from 'vitest'
import { findVerification } from '#app/accounts/token.server.ts'
import { MAX_CSV_ROWS, parseCohortCsv } from '#app/cohorts/csv.server.ts'
import { runCohortImport, startCohortImport } from '#app/cohorts/run.server.ts'
import { getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { runJobsUntilIdle } from '#app/jobs/runner.server.ts'
import { action as importAction, loader as importLoader } from '#app/routes/$lang.admin.cohorts.$import.tsx'
import { action as uploadAction, loader as uploadLoader } from '#app/routes/$lang.admin.cohorts._index.tsx'
import { prisma } from '#app/utils/db.server.ts'
import {
  context,
  createUser,
  linkFrom,
  loginCookie,
  ORIGIN,
  postRequest,
  queuedJobs,
  readOutbox,
  settle,
  submit,
  uniqueEmail,
  visit,
} from '#tests/utils.ts'

const COURSE = 'homicide-sdg16'
const HEADER = 'email,name,certificate_name,country,organisation,organisation_type,language'

beforeAll(async () => {
  await syncCatalogue(prisma, getManifest())
})

function upload(cookie: string, file: Uint8Array | string | null, fields: Record<string, string> = {}) {
  const form = new FormData()
  form.set('intent', 'upload-cohort')
  form.set('courseId', COURSE)
  form.set('cohortName', 'Bogotá workshop 2026')
  for (const [key, value] of Object.entries(fields)) form.set(key, value)
  if (file !== null)
    form.set(
      'file',
      new File([typeof file === 'string' ? file : new Uint8Array(file)], 'cohort.csv', { type: 'text/csv' }),
    )
  const request = new Request(`${ORIGIN}/en/admin/cohorts?index`, {
    method: 'POST',
    body: form,
    headers: { Origin: ORIGIN, Cookie: cookie },
  })
  return settle(() => uploadAction({ request, params: { lang: 'en' }, context: context() }))
}

async function admin() {
  const user = await createUser({ role: 'admin' })
  return { user, cookie: await loginCookie(user.id) }
}

async function snapshot() {
  const [users, enrolments, verifications, imports, cohorts] = await Promise.all([
    prisma.user.count(),
    prisma.enrolment.count(),
    prisma.verification.count(),
    prisma.cohortImport.count(),
    prisma.cohort.count(),
  ])
  return { users, enrolments, verifications, imports, cohorts }
}

test('preview, then import: new accounts invited in their language, existing ones enrolled; the same file again changes nothing', async () => {
  const { user: adminUser, cookie } = await admin()
  const existing = await createUser({ displayName: 'Existing Person' })
  const enrolled = await createUser()
  await prisma.enrolment.create({ data: { userId: enrolled.id, courseId: COURSE, source: 'payment' } })
  const nueva = uniqueEmail('nueva')
  const fresh = uniqueEmail('fresh')
  // With a UTF-8 byte-order mark, as Excel's "CSV UTF-8" writes it, and CRLF line ends.
  const csv =
    '\uFEFF' +
    [
      HEADER,
      `${nueva},María José Pérez,María José Pérez Núñez,co,DANE,national statistical office,es`,
      `${fresh.toUpperCase()},John O'Neil,John O'Neil,GB,Home Office,ministry,EN`,
      `${existing.email},Someone Else,Someone Else,MX,INEGI,national_statistical_office,es`,
      `${enrolled.email},Already In,Already In,MX,INEGI,police,en`,
    ].join('\r\n') +
    '\r\n'
  const before = await snapshot()
  const previewed = await upload(cookie, csv)
  expect(previewed.status).toBe(302)
  const importId = previewed.headers.get('Location')!.split('/').pop()!
  const preview = await visit(importLoader, { lang: 'en', import: importId }, `/en/admin/cohorts/${importId}`, cookie)
  expect(preview.data).toMatchObject({
    counts: { create: 2, existing: 1, alreadyEnrolled: 1, invited: 0 },
    importedBefore: null,
    job: { status: 'previewed', totalRows: 4 },
  })
  expect(
    (preview.data as { rows: Array<{ rowNumber: number; plan: string }> }).rows.map((r) => [r.rowNumber, r.plan]),
  ).toEqual([
    [2, 'create'],
    [3, 'create'],
    [4, 'existing'],
    [5, 'already_enrolled'],
  ])
  // The dry run changed no one: only the upload is stored.
  expect(await snapshot()).toEqual({ ...before, imports: before.imports + 1 })
  expect(readOutbox(nueva)).toHaveLength(0)

  const imported = await submit(
    importAction,
    { lang: 'en', import: importId },
    `/en/admin/cohorts/${importId}`,
    { intent: 'import-cohort' },
    cookie,
  )
  expect(imported.status).toBe(302)
  const job = await prisma.cohortImport.findUniqueOrThrow({
    where: { id: importId },
    select: { status: true, processedRows: true, cohortId: true },
  })
  expect(job).toMatchObject({ status: 'completed', processedRows: 4 })

  const created = await prisma.user.findUniqueOrThrow({
    where: { email: nueva },
    select: {
      id: true,
      preferredLocale: true,
      country: true,
      organisationType: true,
      emailVerifiedAt: true,
      certificateName: true,
      password: { select: { userId: true } },
    },
  })
  expect(created).toMatchObject({
    preferredLocale: 'es',
    country: 'CO',
    organisationType: 'national_statistical_office',
    emailVerifiedAt: null,
    password: null,
    certificateName: 'María José Pérez Núñez',
  })
  expect(await prisma.user.findUniqueOrThrow({ where: { email: fresh }, select: { preferredLocale: true } })).toEqual({
    preferredLocale: 'en',
  })
  // The existing account keeps its own profile.
  expect(await prisma.user.findUniqueOrThrow({ where: { id: existing.id }, select: { displayName: true } })).toEqual({
    displayName: 'Existing Person',
  })
  const enrolments = await prisma.enrolment.findMany({
    where: { courseId: COURSE, user: { email: { in: [nueva, fresh, existing.email, enrolled.email] } } },
    select: { source: true, cohortId: true, user: { select: { email: true } } },
  })
  expect(enrolments).toHaveLength(4)
  expect(
    enrolments
      .filter((e) => e.source === 'cohort')
      .map((e) => e.user.email)
      .sort(),
  ).toEqual([nueva, fresh, existing.email].sort())
  expect(enrolments.every((e) => e.source === 'payment' || e.cohortId === job.cohortId)).toBe(true)

  // Invitations, in each person's language, with a link that sets a password.
  const [invite] = readOutbox(nueva)
  expect(readOutbox(nueva)).toHaveLength(1)
  expect(invite!.subject).toMatch(/^Le inscribieron en /)
  const link = linkFrom(invite!)
  expect(link.pathname).toBe('/es/reset-password')
  expect(await findVerification(link.searchParams.get('token')!, 'reset')).toMatchObject({
    userId: created.id,
    email: nueva,
  })
  expect(readOutbox(fresh)[0]!.subject).toMatch(/^You have been enrolled in /)
  expect(readOutbox(existing.email)).toHaveLength(0)
  expect(
    await prisma.auditEvent.findMany({
      where: { actorId: adminUser.id },
      select: { action: true, subject: true },
      orderBy: { createdAt: 'asc' },
    }),
  ).toEqual([
    { action: 'cohort.upload', subject: `course:${COURSE}` },
    { action: 'cohort.import', subject: `course:${COURSE}` },
  ])

  // Importing it again: the same file again says so, and changes no one.
  const afterFirst = await snapshot()
  const again = await upload(cookie, csv)
  const againId = again.headers.get('Location')!.split('/').pop()!
  const againPreview = await visit(
    importLoader,
    { lang: 'en', import: againId },
    `/en/admin/cohorts/${againId}`,
    cookie,
  )
  expect(againPreview.data).toMatchObject({
    counts: { create: 0, existing: 0, alreadyEnrolled: 4 },
    importedBefore: expect.any(String),
  })
  await submit(
    importAction,
    { lang: 'en', import: againId },
    `/en/admin/cohorts/${againId}`,
    { intent: 'import-cohort' },
    cookie,
  )
  expect(await snapshot()).toEqual({ ...afterFirst, imports: afterFirst.imports + 1 })
  expect(readOutbox(nueva)).toHaveLength(1)
  expect(
    await prisma.cohortImport.findUniqueOrThrow({ where: { id: againId }, select: { status: true, cohortId: true } }),
  ).toEqual({ status: 'completed', cohortId: job.cohortId })

  const list = await visit(uploadLoader, { lang: 'en' }, '/en/admin/cohorts', cookie)
  expect((list.data as { imports: unknown[] }).imports).toHaveLength(2)
})

test('bad files are refused with precise, numbered problems, and nothing is stored or imported', async () => {
  const { cookie } = await admin()
  const learner = await createUser()
  const learnerCookie = await loginCookie(learner.id)
  const ok = (email = uniqueEmail('ok')) => `${email},Ana Ruiz,Ana Ruiz,MX,INEGI,national_statistical_office,es`
  const duplicated = uniqueEmail('dup')
  const manyRows = [
    HEADER,
    ...Array.from({ length: 10_000 }, (_, i) => `p${i}@example.org,A B,A B,MX,O,police,es`),
  ].join('\n')
  const latin1 = new Uint8Array([
    ...new TextEncoder().encode(`${HEADER}\n${uniqueEmail('x')},Jos`),
    0xe9,
    ...new TextEncoder().encode(',Jose,MX,INEGI,police,es\n'),
  ])
  const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(new TextEncoder().encode(HEADER)).flatMap((b) => [b, 0])])
  type Expectation = { file?: string; rows?: Array<[number, string]> }
  const cases: Array<[string, Uint8Array | string | null, Expectation]> = [
    ['no file', null, { file: 'payments:cohorts.file.missing' }],
    ['empty file', '', { file: 'payments:cohorts.file.empty' }],
    ['header only', `${HEADER}\n`, { file: 'payments:cohorts.file.noRows' }],
    ['wrong header', `email,full name,country\n${ok()}`, { file: 'payments:cohorts.file.header' }],
    [
      'columns in another order',
      `name,email,certificate_name,country,organisation,organisation_type,language\n${ok()}`,
      { file: 'payments:cohorts.file.header' },
    ],
    ['Windows-1252 bytes', latin1, { file: 'payments:cohorts.file.encoding' }],
    ['UTF-16', utf16, { file: 'payments:cohorts.file.encoding' }],
    [
      'an unclosed quote',
      `${HEADER}\n"${uniqueEmail()},Ana,Ana,MX,INEGI,police,es\n`,
      { file: 'payments:cohorts.file.syntax' },
    ],
    ['10,000 rows', manyRows, { file: 'payments:cohorts.file.tooManyRows' }],
    [
      'bad emails',
      `${HEADER}\n${ok()}\nnot-an-email,Ana,Ana,MX,INEGI,police,es\n${ok('also@bad@example.org')}`,
      {
        rows: [
          [3, 'payments:cohorts.problems.email'],
          [4, 'payments:cohorts.problems.email'],
        ],
      },
    ],
    [
      'unknown country',
      `${HEADER}\n${ok()}\n${uniqueEmail()},Ana,Ana,Atlantis,INEGI,police,es\n${uniqueEmail()},Ana,Ana,XX,INEGI,police,es`,
      {
        rows: [
          [3, 'payments:cohorts.problems.country'],
          [4, 'payments:cohorts.problems.country'],
        ],
      },
    ],
    [
      'duplicate rows',
      `${HEADER}\n${ok(duplicated)}\n${ok()}\n${ok(duplicated.toUpperCase())}`,
      { rows: [[4, 'payments:cohorts.problems.duplicate']] },
    ],
    [
      'formulas in cells',
      `${HEADER}\n${uniqueEmail()},Ana,Ana,MX,"=HYPERLINK(""http://evil.example"",""Click"")",police,es\n${uniqueEmail()},Ana,Ana,MX,@SUM(A1),police,es\n${uniqueEmail()},Ana,Ana,MX,+1,police,es`,
      {
        rows: [
          [2, 'payments:cohorts.problems.formula'],
          [3, 'payments:cohorts.problems.formula'],
          [4, 'payments:cohorts.problems.formula'],
        ],
      },
    ],
    [
      'unknown organisation type and language',
      `${HEADER}\n${uniqueEmail()},Ana,Ana,MX,INEGI,bakery,fr`,
      {
        rows: [
          [2, 'payments:cohorts.problems.organisationType'],
          [2, 'payments:cohorts.problems.language'],
        ],
      },
    ],
    [
      'a row with too few columns',
      `${HEADER}\n${ok()}\n${uniqueEmail()},Ana`,
      { rows: [[3, 'payments:cohorts.problems.columns']] },
    ],
  ]
  const before = await snapshot()
  for (const [label, file, expected] of cases) {
    const result = await upload(cookie, file)
    expect(result.status, label).toBe(400)
    // A missing file is the form's field error; a file with problems lists them beside the reply.
    const reply = result.data as {
      result: { error?: Record<string, string[]> }
      details?: {
        fileProblems: Array<{ key: string; values?: Record<string, unknown> }>
        rowProblems: Array<{ row: number; problems: Array<{ key: string }> }>
      }
    }
    const body = reply.details ?? {
      fileProblems: (reply.result.error?.file ?? []).map((key) => ({ key, values: undefined })),
      rowProblems: [],
    }
    if (expected.file)
      expect(
        body.fileProblems.map((p) => p.key),
        label,
      ).toEqual([expected.file])
    if (expected.rows) {
      const found = body.rowProblems.flatMap((r) => r.problems.map((p) => [r.row, p.key] as [number, string]))
      expect(found, label).toEqual(expected.rows)
    }
    if (label === '10,000 rows') expect(body.fileProblems[0]!.values).toEqual({ rows: 10_000, max: MAX_CSV_ROWS })
  }
  // A good file for a course that does not exist, or without a cohort name.
  expect((await upload(cookie, `${HEADER}\n${ok()}`, { courseId: 'no-such-course' })).status).toBe(400)
  expect((await upload(cookie, `${HEADER}\n${ok()}`, { cohortName: '  ' })).status).toBe(400)
  expect(await snapshot()).toEqual(before)

  // Only administrators.
  expect((await upload(learnerCookie, `${HEADER}\n${ok()}`)).status).toBe(403)
  expect((await visit(uploadLoader, { lang: 'en' }, '/en/admin/cohorts', learnerCookie)).status).toBe(403)
  expect(await snapshot()).toEqual(before)
})

test('an import whose runner died half-way is finished, by two runs at once too, without doing any row or invitation twice', async () => {
  const { user: adminUser, cookie } = await admin()
  const emails = Array.from({ length: 230 }, () => uniqueEmail('bulk'))
  const csv = [
    HEADER,
    ...emails.map(
      (email, i) =>
        `${email},Persona ${String.fromCharCode(65 + (i % 26))},Persona Uno,PE,INEI,national_statistical_office,${i % 2 ? 'en' : 'es'}`,
    ),
  ].join('\n')
  const previewed = await upload(cookie, csv)
  expect(previewed.status).toBe(302)
  const importId = previewed.headers.get('Location')!.split('/').pop()!
  expect(await startCohortImport({ actorId: adminUser.id, importId })).toBe(true)
  // Its job was queued with it. A runner takes it and dies after the first batch (the library's
  // lock stays on the job).
  const job = (await queuedJobs('cohort:import')).find((j) => j.payload.importId === importId)!
  expect(job).toMatchObject({ attempts: 0, key: `cohort-import:${importId}` })
  await prisma.$executeRaw`UPDATE graphile_worker._private_jobs SET locked_by = 'dead-node', locked_at = now(), attempts = 1 WHERE id = ${job.id}::bigint`
  await runCohortImport(importId, { stopAfterBatches: 1 })
  const progress = () =>
    prisma.cohortImport.findUniqueOrThrow({ where: { id: importId }, select: { status: true, processedRows: true } })
  expect(await progress()).toEqual({ status: 'running', processedRows: 100 })
  expect(await prisma.user.count({ where: { email: { in: emails } } })).toBe(100)
  // Each account the first batch made has its invitation: marked, token and mail, all together.
  expect(await prisma.cohortImportRow.count({ where: { importId, invitedAt: { not: null } } })).toBe(100)
  expect(await prisma.mailMessage.count({ where: { to: { in: emails } } })).toBe(100)
  // The runner sends those mails; the import, locked by the dead runner, waits.
  await runJobsUntilIdle()
  expect(await prisma.mailMessage.count({ where: { to: { in: emails }, status: 'sent' } })).toBe(100)
  expect(await progress()).toEqual({ status: 'running', processedRows: 100 })

  // The administrator presses "Continue the import" (a new job), and the runner that seemed dead
  // was only slow and carries on too: two runs of the import at once.
  const resumed = await importAction({
    request: postRequest(`/en/admin/cohorts/${importId}`, { intent: 'import-cohort' }, cookie),
    params: { lang: 'en', import: importId },
    context: context(),
  }).catch((thrown: unknown) => thrown)
  expect((resumed as Response).status).toBe(302)
  await Promise.all([runJobsUntilIdle(), runCohortImport(importId)])
  await runJobsUntilIdle()
  expect(await progress()).toEqual({ status: 'completed', processedRows: 230 })
  expect(await prisma.user.count({ where: { email: { in: emails } } })).toBe(230)
  expect(await prisma.enrolment.count({ where: { courseId: COURSE, user: { email: { in: emails } } } })).toBe(230)
  expect(await prisma.verification.count({ where: { email: { in: emails } } })).toBe(230)
  const mailCounts = emails.map((email) => readOutbox(email).length)
  expect(mailCounts.every((n) => n === 1)).toBe(true)
  // One audit entry for the import, however many runs.
  expect(await prisma.auditEvent.count({ where: { actorId: adminUser.id, action: 'cohort.import' } })).toBe(1)
  const page = await visit(importLoader, { lang: 'en', import: importId }, `/en/admin/cohorts/${importId}`, cookie)
  expect(page.data).toMatchObject({ counts: { invited: 230 }, job: { status: 'completed', processedRows: 230 } })
}, 120_000)

test('a file saved by Excel in Spanish (semicolons) is read like a comma file; a wrong header names the separator', () => {
  const encode = (text: string) => new TextEncoder().encode(text)
  const row = ['ana@example.org', 'Ana Ruiz', 'Ana Ruiz Núñez', 'CO', 'DANE; sede Bogotá', 'police', 'es']
  const quoted = (cells: string[], sep: string) => cells.map((c) => (c.includes(sep) ? `"${c}"` : c)).join(sep)
  const comma = parseCohortCsv(encode(`${HEADER}\r\n${quoted(row, ',')}\r\n`))
  const semicolon = parseCohortCsv(encode(`\uFEFF${HEADER.replaceAll(',', ';')}\r\n${quoted(row, ';')}\r\n`))
  expect(comma.ok).toBe(true)
  expect(semicolon).toEqual(comma)
  expect(semicolon).toMatchObject({
    ok: true,
    rows: [{ certificateName: 'Ana Ruiz Núñez', organisation: 'DANE; sede Bogotá' }],
  })
  const wrong = parseCohortCsv(encode('correo;nombre;país\nana@example.org;Ana;CO\n'))
  expect(wrong).toEqual({
    ok: false,
    rowProblems: [],
    fileProblems: [
      {
        key: 'payments:cohorts.file.header',
        values: {
          expected: HEADER.replaceAll(',', ';'),
          found: 'correo;nombre;país',
          separator: 'semicolon',
        },
      },
    ],
  })
  expect(parseCohortCsv(encode('email,name\na,b\n'))).toMatchObject({
    fileProblems: [{ values: { separator: 'comma' } }],
  })
})

test("a formula cell gets one message, the formula's, not also the column's own check", () => {
  const parsed = parseCohortCsv(
    new TextEncoder().encode(
      `${HEADER}\n=1+1,Ana,Ana,MX,INEGI,police,es\nana@example.org,Ana,Ana,@MX,INEGI,police,es\n`,
    ),
  )
  expect(parsed).toEqual({
    ok: false,
    fileProblems: [],
    rowProblems: [
      { row: 2, problems: [{ key: 'payments:cohorts.problems.formula', values: { column: 'email' } }] },
      { row: 3, problems: [{ key: 'payments:cohorts.problems.formula', values: { column: 'country' } }] },
    ],
  })
})

test('the preview lists the name each person will have printed on the certificate', async () => {
  const { cookie } = await admin()
  const email = uniqueEmail('cert')
  const previewed = await upload(cookie, `${HEADER}\n${email},Rosa Quispe,Rosa Quispe Mamani,PE,INEI,police,es\n`)
  const importId = previewed.headers.get('Location')!.split('/').pop()!
  const load = () => visit(importLoader, { lang: 'en', import: importId }, `/en/admin/cohorts/${importId}`, cookie)
  expect((await load()).data).toMatchObject({ rows: [{ certificateName: 'Rosa Quispe Mamani' }] })
})
