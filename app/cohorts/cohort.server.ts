// Cohort import: an administrator uploads a CSV to enrol a group in a course.
// 1. parseCohortCsv: the whole file is checked first (encoding, header, size, every row), and
//    every problem is reported with its row number; a file with any problem imports nothing.
// 2. previewCohortImport: a clean file is stored in PostgreSQL with its rows (so any app node
//    can run it) and shown as a dry run: who would get an account, who is already enrolled.
// 3. startCohortImport marks it running and adds its `cohort:import` job in one transaction; a
//    job runner runs runCohortImport (ADR 012): batches of rows, each in one transaction that
//    first moves the import's `processedRows` cursor from where it was (a second run finds it
//    moved and skips the batch). A run retried after a crash or a restart resumes at the cursor;
//    accounts and enrolments are idempotent (unique e-mail, unique enrolment), and each invitation
//    (its password token and its mail) is queued in the transaction that creates the account, so
//    none is lost or sent twice. Re-importing the same file changes nothing.
import { createHash, randomBytes } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { isCountryCode } from '#app/accounts/countries.ts'
import { hashToken } from '#app/accounts/token.server.ts'
import { audit } from '#app/audit/audit.server.ts'
import { getCourse } from '#app/content/catalog.server.ts'
import { enrolMany } from '#app/enrolment/enrol.server.ts'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { enqueue, JobInterrupted, type JobRun } from '#app/jobs/queue.server.ts'
import { type Email, linkEmail, queueEmail } from '#app/mail/email.server.ts'
import { detectCsvSeparator } from '#app/utils/csv.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { appUrl } from '#app/utils/env.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { isUniqueViolation } from '#app/utils/sql.server.ts'
import {
  CertificateNameSchema,
  EmailSchema,
  OrganisationSchema,
  PersonNameSchema,
  ORGANISATION_TYPES,
} from '#app/utils/validation.ts'

export const MAX_CSV_ROWS = 5000
export const MAX_CSV_BYTES = 3 * 1024 * 1024
export const CSV_COLUMNS = [
  'email',
  'name',
  'certificate_name',
  'country',
  'organisation',
  'organisation_type',
  'language',
] as const
export const IMPORT_BATCH = 100
/** Invitations to choose a password stay valid this long (a reset link: one hour). */
export const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000

type Column = (typeof CSV_COLUMNS)[number]
type OrganisationType = (typeof ORGANISATION_TYPES)[number]

/** A problem as an i18n key of the payments namespace and its values. */
export type Problem = { key: string; values?: Record<string, string | number> }
export type RowProblems = { row: number; problems: Problem[] }
export type CohortRow = {
  rowNumber: number
  email: string
  displayName: string
  certificateName: string
  country: string
  organisation: string
  organisationType: OrganisationType
  locale: Lang
}
export type ParseResult =
  { ok: true; rows: CohortRow[] } | { ok: false; fileProblems: Problem[]; rowProblems: RowProblems[] }

// Cells a spreadsheet would run as a formula (CSV injection): refused, never "fixed".
const FORMULA_START = /^[=+\-@\t\r]/
/** The separator found, as the key of its name (payments:cohorts.separators.*). */
const SEPARATOR_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const

/** Reads and checks a whole upload. Nothing is written. */
export function parseCohortCsv(bytes: Uint8Array): ParseResult {
  const fail = (...fileProblems: Problem[]): ParseResult => ({ ok: false, fileProblems, rowProblems: [] })
  if (bytes.length === 0) return fail({ key: 'payments:cohorts.file.empty' })
  if (bytes.length > MAX_CSV_BYTES)
    return fail({ key: 'payments:cohorts.file.tooLarge', values: { max: MAX_CSV_BYTES / 1024 / 1024 } })
  // UTF-16 (what Excel's "Unicode text" writes) or any byte that is not UTF-8: refuse, with the fix.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return fail({ key: 'payments:cohorts.file.encoding' })
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return fail({ key: 'payments:cohorts.file.encoding' })
  }
  if (text.includes('\u0000')) return fail({ key: 'payments:cohorts.file.encoding' })
  // Excel set up for Spanish saves "CSV" with semicolons: the separator is read from the header.
  const delimiter = detectCsvSeparator(text.replace(/^\uFEFF/, ''))
  let records: string[][]
  try {
    records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][]
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0
    return fail({ key: 'payments:cohorts.file.syntax', values: { line } })
  }
  const [header, ...data] = records
  if (!header) return fail({ key: 'payments:cohorts.file.empty' })
  const names = header.map((cell) =>
    cell
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  )
  if (names.length !== CSV_COLUMNS.length || names.some((name, i) => name !== CSV_COLUMNS[i])) {
    return fail({
      key: 'payments:cohorts.file.header',
      values: {
        expected: CSV_COLUMNS.join(delimiter),
        found: header.join(delimiter).slice(0, 300),
        separator: SEPARATOR_NAMES[delimiter],
      },
    })
  }
  if (data.length === 0) return fail({ key: 'payments:cohorts.file.noRows' })
  if (data.length > MAX_CSV_ROWS)
    return fail({ key: 'payments:cohorts.file.tooManyRows', values: { rows: data.length, max: MAX_CSV_ROWS } })

  const rows: CohortRow[] = []
  const rowProblems: RowProblems[] = []
  const firstRowOf = new Map<string, number>()
  data.forEach((record, index) => {
    // The header is line 1 of the spreadsheet: the first person is row 2.
    const rowNumber = index + 2
    const problems: Problem[] = []
    if (record.length !== CSV_COLUMNS.length) {
      rowProblems.push({
        row: rowNumber,
        problems: [
          { key: 'payments:cohorts.problems.columns', values: { found: record.length, expected: CSV_COLUMNS.length } },
        ],
      })
      return
    }
    const cell = Object.fromEntries(CSV_COLUMNS.map((column, i) => [column, record[i]!])) as Record<Column, string>
    // A formula cell gets one message, the formula's: the column's own check would only add a
    // second, misleading one ("not a valid e-mail address" for "=HYPERLINK(…)").
    const formula = new Set(
      CSV_COLUMNS.filter((column) => FORMULA_START.test(cell[column]) || FORMULA_START.test(cell[column].trim())),
    )
    for (const column of formula) problems.push({ key: 'payments:cohorts.problems.formula', values: { column } })
    const check = (column: Column, failed: boolean, problem: Problem) => {
      if (failed && !formula.has(column)) problems.push(problem)
    }
    const email = EmailSchema.safeParse(cell.email)
    check('email', !email.success, {
      key: 'payments:cohorts.problems.email',
      values: { value: cell.email.slice(0, 100) },
    })
    const name = PersonNameSchema.safeParse(cell.name)
    check('name', !name.success, { key: 'payments:cohorts.problems.name', values: { column: 'name' } })
    const certificateName = CertificateNameSchema.safeParse(cell.certificate_name)
    check('certificate_name', !certificateName.success, {
      key: 'payments:cohorts.problems.name',
      values: { column: 'certificate_name' },
    })
    const country = cell.country.trim().toUpperCase()
    check('country', !isCountryCode(country), {
      key: 'payments:cohorts.problems.country',
      values: { value: cell.country.slice(0, 60) },
    })
    const organisation = OrganisationSchema.safeParse(cell.organisation)
    check('organisation', !organisation.success, { key: 'payments:cohorts.problems.organisation' })
    const type = cell.organisation_type
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_')
    check('organisation_type', !(ORGANISATION_TYPES as readonly string[]).includes(type), {
      key: 'payments:cohorts.problems.organisationType',
      values: { value: cell.organisation_type.slice(0, 60) },
    })
    const language = cell.language.trim().toLowerCase()
    check('language', language !== 'en' && language !== 'es', {
      key: 'payments:cohorts.problems.language',
      values: { value: cell.language.slice(0, 20) },
    })
    if (email.success) {
      const first = firstRowOf.get(email.data)
      if (first !== undefined) problems.push({ key: 'payments:cohorts.problems.duplicate', values: { row: first } })
      else firstRowOf.set(email.data, rowNumber)
    }
    if (problems.length) {
      rowProblems.push({ row: rowNumber, problems })
      return
    }
    rows.push({
      rowNumber,
      email: email.data!,
      displayName: name.data!,
      certificateName: certificateName.data!,
      country,
      organisation: organisation.data!,
      organisationType: type as OrganisationType,
      locale: language as Lang,
    })
  })
  if (rowProblems.length) return { ok: false, fileProblems: [], rowProblems }
  return { ok: true, rows }
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Stores a clean upload as a previewed job (nothing imported yet); audited. */
export async function storeCohortUpload(input: {
  actorId: string
  courseId: string
  cohortName: string
  fileName: string
  bytes: Uint8Array
  rows: CohortRow[]
}): Promise<string> {
  const { actorId, courseId, cohortName, fileName, bytes, rows } = input
  return prisma.$transaction(async (tx) => {
    const job = await tx.cohortImport.create({
      data: {
        cohortName,
        courseId,
        createdById: actorId,
        fileName,
        contentHash: contentHash(bytes),
        csv: new TextDecoder().decode(bytes),
        totalRows: rows.length,
        rows: { createMany: { data: rows } },
      },
      select: { id: true },
    })
    await audit(tx, {
      actorId,
      action: 'cohort.upload',
      subject: `course:${courseId}`,
      data: { importId: job.id, cohort: cohortName, fileName, rows: rows.length },
    })
    return job.id
  })
}

/** The dry run: what the import would do with each row, counted. */
export async function previewCohortImport(importId: string) {
  const job = await prisma.cohortImport.findUnique({
    where: { id: importId },
    select: {
      id: true,
      cohortName: true,
      courseId: true,
      fileName: true,
      contentHash: true,
      status: true,
      totalRows: true,
      processedRows: true,
      createdAt: true,
      startedAt: true,
      completedAt: true,
    },
  })
  if (!job) return null
  const rows = await prisma.cohortImportRow.findMany({
    where: { importId },
    select: {
      rowNumber: true,
      email: true,
      displayName: true,
      certificateName: true,
      country: true,
      organisation: true,
      organisationType: true,
      locale: true,
      outcome: true,
      invitedAt: true,
    },
    orderBy: { rowNumber: 'asc' },
  })
  const emails = rows.map((r) => r.email)
  const [users, enrolled, sameFile] = await Promise.all([
    prisma.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } }),
    // A cancelled enrolment is re-opened by the import (enrol), so it is not "already enrolled".
    prisma.enrolment.findMany({
      where: { courseId: job.courseId, status: { not: 'cancelled' }, user: { email: { in: emails } } },
      select: { user: { select: { email: true } } },
    }),
    prisma.cohortImport.findFirst({
      where: { contentHash: job.contentHash, courseId: job.courseId, status: 'completed', id: { not: job.id } },
      select: { completedAt: true },
    }),
  ])
  const known = new Set(users.map((u) => u.email))
  const inCourse = new Set(enrolled.map((e) => e.user.email))
  const planned = rows.map((r) => ({
    ...r,
    plan: inCourse.has(r.email)
      ? ('already_enrolled' as const)
      : known.has(r.email)
        ? ('existing' as const)
        : ('create' as const),
  }))
  return {
    job,
    rows: planned,
    counts: {
      create: planned.filter((r) => r.plan === 'create').length,
      existing: planned.filter((r) => r.plan === 'existing').length,
      alreadyEnrolled: planned.filter((r) => r.plan === 'already_enrolled').length,
      invited: rows.filter((r) => r.invitedAt).length,
    },
    importedBefore: sameFile?.completedAt ?? null,
  }
}

/**
 * Starts the import: finds or makes the cohort, marks it running and audits it, once, and adds
 * the job that runs it, in one transaction. Pressed again while it runs ("Continue the import",
 * after a node died with it), it adds the job again: a run of the same import is harmless (the
 * cursor). Returns false if the import does not exist.
 */
export async function startCohortImport(input: { actorId: string; importId: string }): Promise<boolean> {
  const { actorId, importId } = input
  return prisma.$transaction(async (tx) => {
    const job = await tx.cohortImport.findUnique({
      where: { id: importId },
      select: { id: true, status: true, courseId: true, cohortName: true, totalRows: true },
    })
    if (!job) return false
    if (job.status === 'completed') return true
    await enqueue(tx, 'cohort:import', { importId }, { jobKey: `cohort-import:${importId}` })
    if (job.status === 'running') return true
    const cohort = await tx.cohort.upsert({
      where: { courseId_name: { courseId: job.courseId, name: job.cohortName } },
      create: { courseId: job.courseId, name: job.cohortName, createdById: actorId },
      update: {},
      select: { id: true },
    })
    const claimed = await tx.cohortImport.updateMany({
      where: { id: importId, status: 'previewed' },
      data: { status: 'running', startedAt: new Date(), cohortId: cohort.id },
    })
    if (claimed.count === 1) {
      await audit(tx, {
        actorId,
        action: 'cohort.import',
        subject: `course:${job.courseId}`,
        data: { importId, cohort: job.cohortName, rows: job.totalRows },
      })
    }
    return true
  })
}

type Tx = Prisma.TransactionClient

async function importBatch(importId: string, start: number): Promise<'done' | 'skipped'> {
  return prisma.$transaction(
    async (tx: Tx) => {
      const job = await tx.cohortImport.findUniqueOrThrow({
        where: { id: importId },
        select: { courseId: true, cohortId: true, totalRows: true },
      })
      const rows = await tx.cohortImportRow.findMany({
        where: { importId },
        select: {
          id: true,
          email: true,
          displayName: true,
          certificateName: true,
          country: true,
          organisation: true,
          organisationType: true,
          locale: true,
        },
        orderBy: { rowNumber: 'asc' },
        skip: start,
        take: IMPORT_BATCH,
      })
      // The cursor moves first: a concurrent runner waits on this row, then finds it moved.
      const claimed = await tx.cohortImport.updateMany({
        where: { id: importId, status: 'running', processedRows: start },
        data: { processedRows: start + rows.length },
      })
      if (claimed.count === 0) return 'skipped'
      const emails = rows.map((r) => r.email)
      const existing = await tx.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } })
      const idByEmail = new Map(existing.map((u) => [u.email, u.id]))
      const created = new Set<string>()
      for (const row of rows) {
        if (idByEmail.has(row.email)) continue
        const user = await tx.user.create({
          data: {
            email: row.email,
            displayName: row.displayName,
            certificateName: row.certificateName,
            country: row.country,
            organisation: row.organisation,
            organisationType: row.organisationType,
            preferredLocale: row.locale,
          },
          select: { id: true },
        })
        idByEmail.set(row.email, user.id)
        created.add(row.email)
      }
      // A cancelled enrolment is re-opened by the cohort; an active or completed one stays as is.
      const enrolled = await enrolMany(
        rows.map((row) => ({
          userId: idByEmail.get(row.email)!,
          courseId: job.courseId,
          source: 'cohort' as const,
          cohortId: job.cohortId,
        })),
        tx,
      )
      for (const [index, row] of rows.entries()) {
        const userId = idByEmail.get(row.email)!
        const outcome = created.has(row.email)
          ? 'created'
          : enrolled[index]!.outcome === 'already-enrolled'
            ? 'already_enrolled'
            : 'existing'
        await tx.cohortImportRow.update({ where: { id: row.id }, data: { userId, outcome }, select: { id: true } })
        if (outcome === 'created') await queueInvitation(tx, { ...row, userId }, job.courseId)
      }
      return 'done'
    },
    { maxWait: 20_000, timeout: 60_000 },
  )
}

/**
 * The invitation of an account the import created: a token to choose a password and its mail,
 * written in the caller's transaction and marked on the row.
 */
async function queueInvitation(
  tx: Tx,
  row: { id: string; userId: string; email: string; displayName: string; locale: string },
  courseId: string,
) {
  const token = randomBytes(32).toString('base64url')
  await tx.verification.create({
    data: {
      userId: row.userId,
      email: row.email,
      purpose: 'reset',
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    },
    select: { id: true },
  })
  await queueEmail(tx, {
    ...invitationEmail(row.email, row.displayName, row.locale as Lang, token, courseId),
    dedupeKey: `cohort-invitation:${row.id}`,
  })
  await tx.cohortImportRow.update({ where: { id: row.id }, data: { invitedAt: new Date() }, select: { id: true } })
}

/**
 * Rows of accounts created without an invitation (imports run before invitations were queued
 * with their batch): each is claimed (`invitedAt`) and queued in one transaction.
 */
async function queueMissingInvitations(importId: string) {
  await prisma.$transaction(
    async (tx) => {
      const pending = await tx.cohortImportRow.findMany({
        where: { importId, outcome: 'created', invitedAt: null, userId: { not: null } },
        select: {
          id: true,
          userId: true,
          email: true,
          displayName: true,
          locale: true,
          import: { select: { courseId: true } },
        },
        orderBy: { rowNumber: 'asc' },
      })
      for (const row of pending) {
        const claimed = await tx.cohortImportRow.updateMany({
          where: { id: row.id, invitedAt: null },
          data: { invitedAt: new Date() },
        })
        if (claimed.count === 0) continue
        await queueInvitation(tx, { ...row, userId: row.userId! }, row.import.courseId)
      }
    },
    { maxWait: 20_000, timeout: 60_000 },
  )
}

function invitationEmail(to: string, name: string, lang: Lang, token: string, courseId: string): Email {
  const t = getT(lang, 'payments')
  const url = appUrl(`/${lang}/reset-password?${new URLSearchParams({ token })}`)
  const course = getCourse(courseId)?.title[lang] ?? courseId
  return {
    to,
    subject: t('mail.invite.subject', { course }),
    ...linkEmail({
      lang,
      greeting: t('mail.greeting', { name }),
      body: t('mail.invite.body', { course }),
      action: t('mail.invite.action'),
      url,
      footer: t('mail.footer'),
    }),
  }
}

/**
 * The `cohort:import` task: runs the import to the end from wherever it is. Safe to run again,
 * and concurrently. `signal` stops it between two batches (the runner is stopping; the job is
 * retried and resumes); `stopAfterBatches` stops it early, as a crash would (tests).
 */
export async function runCohortImport(
  importId: string,
  { signal, stopAfterBatches = Infinity }: JobRun & { stopAfterBatches?: number } = {},
) {
  for (let attempt = 0; attempt < 1000; attempt++) {
    if (attempt >= stopAfterBatches) return
    if (signal?.aborted) throw new JobInterrupted('cohort import')
    const job = await prisma.cohortImport.findUnique({
      where: { id: importId },
      select: { status: true, processedRows: true, totalRows: true },
    })
    if (!job || job.status !== 'running') return
    if (job.processedRows >= job.totalRows) break
    try {
      await importBatch(importId, job.processedRows)
    } catch (error) {
      // Someone signed up with one of these addresses meanwhile: the batch rolled back; redo it.
      if (!isUniqueViolation(error)) throw error
    }
  }
  await queueMissingInvitations(importId)
  await prisma.cohortImport.updateMany({
    where: { id: importId, status: 'running', processedRows: { gte: prisma.cohortImport.fields.totalRows } },
    data: { status: 'completed', completedAt: new Date(), csv: '' },
  })
}
