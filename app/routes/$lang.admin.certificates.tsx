// Administrators: approve queued certificates, issue one, re-issue or revoke, and issue in bulk
// for a course or a cohort with progress shown. Every change is audited in its transaction
// (app/models/certificate.server.ts, certificate-batch.server.ts).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { AdminNav } from '#app/components/admin-nav.tsx'
import { CertificateActions } from '#app/components/certificate-actions.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { SubmitButton } from '#app/components/forms.tsx'
import { getManifest } from '#app/content/catalog.server.ts'
import { startBatch } from '#app/models/certificate-batch.server.ts'
import {
  approveCertificateRequest,
  issueCertificate,
  rejectCertificateRequest,
  reissueCertificate,
  revokeCertificate,
} from '#app/models/certificate.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { langParam } from '#app/utils/route.server.ts'
import { toastHeader } from '#app/utils/toast.server.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'certificates:admin.title')

// Ids are cuids; anything else (NUL bytes, SQL, 10,000 characters) matches nothing and is a 400.
const Id = z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/)
const Reason = z.string().trim().min(1).max(500).regex(/^[^\p{Cc}]*$/u)
const Slug = z.string().trim().min(1).max(80).regex(/^[a-z0-9-]+$/)

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('issue'), email: z.string().trim().toLowerCase().email().max(254), courseId: Slug }),
  z.object({ intent: z.literal('approve'), requestId: Id }),
  z.object({ intent: z.literal('reject'), requestId: Id, reason: Reason }),
  z.object({ intent: z.literal('revoke'), certificateId: Id, reason: Reason }),
  z.object({ intent: z.literal('reissue'), certificateId: Id }),
  z.object({ intent: z.literal('bulk'), courseId: Slug, cohortId: z.union([Id, z.literal('')]).transform((v) => v || null) }),
])

const QuerySchema = z.object({ q: z.string().trim().max(200).regex(/^[^\p{Cc}]*$/u).catch('') })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const { q } = QuerySchema.parse({ q: new URL(request.url).searchParams.get('q') ?? '' })
  const certificateSelect = {
    id: true,
    serial: true,
    status: true,
    courseTitleEn: true,
    courseTitleEs: true,
    issuedAt: true,
    holderName: true,
    verificationCode: true,
    user: { select: { email: true } },
  } as const
  const courses = getManifest().courses
  const [pending, batches, certificates, cohorts] = await Promise.all([
    prisma.certificateRequest.findMany({
      where: { status: 'pending' },
      select: { id: true, createdAt: true, courseId: true, user: { select: { displayName: true, email: true } } },
      orderBy: { createdAt: 'asc' },
      take: 100,
    }),
    prisma.certificateBatch.findMany({
      select: { id: true, courseId: true, status: true, total: true, issued: true, skipped: true, failed: true, createdAt: true },
      orderBy: { createdAt: 'desc' },
      take: 10,
    }),
    prisma.certificate.findMany({
      where: q ? { OR: [{ serial: q.toUpperCase() }, { user: { email: q.toLowerCase() } }] } : {},
      select: certificateSelect,
      orderBy: { issuedAt: 'desc' },
      take: 25,
    }),
    prisma.cohort.findMany({ select: { id: true, name: true, courseId: true }, orderBy: { createdAt: 'desc' }, take: 200 }),
  ])
  const title = (id: string) => courses.find((c) => c.id === id)?.title[lang] ?? id
  return {
    q,
    locale: formattingLocale(lang, admin.country),
    courses: courses.map((c) => ({ id: c.id, title: c.title[lang] })),
    cohorts,
    pending: pending.map((p) => ({ id: p.id, createdAt: p.createdAt.toISOString(), course: title(p.courseId), name: p.user.displayName, email: p.user.email })),
    batches: batches.map((b) => ({ ...b, course: title(b.courseId), createdAt: b.createdAt.toISOString() })),
    certificates: certificates.map((c) => ({
      id: c.id,
      serial: c.serial,
      status: c.status,
      course: lang === 'es' ? c.courseTitleEs : c.courseTitleEn,
      issuedAt: c.issuedAt.toISOString(),
      holderName: c.holderName,
      email: c.user.email,
      verifyHref: `/${lang}/verify/${c.verificationCode}`,
    })),
  }
}

const ERROR_STATUS = {
  'unknown-learner': 404,
  'unknown-course': 404,
  'unknown-cohort': 404,
  'not-found': 404,
  'not-enrolled': 409,
  'already-issued': 409,
  'not-valid': 409,
  'not-pending': 409,
  'batch-running': 409,
  'unprintable-name': 409,
} as const

const ERROR_KEY = {
  'unknown-learner': 'certificates:errors.unknownLearner',
  'unknown-course': 'certificates:errors.unknownCourse',
  'unknown-cohort': 'certificates:errors.unknownCohort',
  'not-found': 'certificates:errors.notFound',
  'not-enrolled': 'certificates:errors.notEnrolled',
  'already-issued': 'certificates:errors.alreadyIssued',
  'not-valid': 'certificates:errors.notValid',
  'not-pending': 'certificates:errors.requestNotPending',
  'batch-running': 'certificates:errors.batchRunning',
  'unprintable-name': 'certificates:errors.unprintableName',
} as const

function failure(error: keyof typeof ERROR_KEY) {
  return data({ error: ERROR_KEY[error] }, { status: ERROR_STATUS[error] })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const form = Object.fromEntries(await request.formData())
  const parsed = ActionSchema.safeParse(form)
  if (!parsed.success) {
    const reasonProblem = parsed.error.issues.some((i) => i.path[0] === 'reason')
    return data({ error: reasonProblem ? 'certificates:errors.reasonRequired' : 'common:errors.400.body' }, { status: 400 })
  }
  const input = parsed.data
  const done = async (key: string, values: Record<string, string> = {}) => {
    const back = new URL(request.url)
    throw redirect(`/${lang}/admin/certificates${back.search}`, {
      headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key, values }) },
    })
  }
  switch (input.intent) {
    case 'issue': {
      const learner = await prisma.user.findFirst({ where: { email: input.email, deletedAt: null }, select: { id: true } })
      if (!learner) return failure('unknown-learner')
      const result = await issueCertificate({ userId: learner.id, courseId: input.courseId, actorId: admin.id, source: 'admin' })
      if (!result.ok) return failure(result.error)
      return done('certificates:admin.issued', { serial: result.certificate.serial })
    }
    case 'approve': {
      const result = await approveCertificateRequest({ requestId: input.requestId, actorId: admin.id })
      if (!result.ok) return failure(result.error)
      return done('certificates:admin.approved', { serial: result.certificate.serial })
    }
    case 'reject': {
      const result = await rejectCertificateRequest({ requestId: input.requestId, actorId: admin.id, reason: input.reason })
      if (!result.ok) return failure('not-pending')
      return done('certificates:admin.rejected')
    }
    case 'revoke': {
      const result = await revokeCertificate({ certificateId: input.certificateId, actorId: admin.id, reason: input.reason })
      if (!result.ok) return failure(result.error)
      return done('certificates:admin.revokedDone', { serial: result.serial })
    }
    case 'reissue': {
      const result = await reissueCertificate({ certificateId: input.certificateId, actorId: admin.id })
      if (!result.ok) return failure(result.error)
      return done('certificates:admin.reissued', { serial: result.serial })
    }
    case 'bulk': {
      const result = await startBatch({ courseId: input.courseId, cohortId: input.cohortId, actorId: admin.id })
      if (!result.ok) return failure(result.error)
      return done('certificates:admin.batchStarted')
    }
  }
}

const inputClass = 'rounded-md border border-slate-400 px-3 py-2'

export default function AdminCertificatesPage() {
  const { q, locale, courses, cohorts, pending, batches, certificates } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation(['certificates', 'common', 'admin'])
  const revalidator = useRevalidator()
  const running = batches.some((b) => b.status === 'running')
  // While a bulk issue runs, its progress refreshes every two seconds.
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate()
    }, 2000)
    return () => clearInterval(timer)
  }, [running, revalidator])
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
  const number = new Intl.NumberFormat(locale)
  return (
    <>
    <AdminNav />
    <div className="mx-auto max-w-6xl space-y-10 px-4 py-10">
      <div>
        <p className="text-sm"><Link to={`/${i18n.language}/admin`} className="text-brand-700 underline">{t('admin:title')}</Link></p>
        <h1 className="mt-1 text-3xl font-bold">{t('admin.title')}</h1>
        <p className="mt-2 text-slate-700">{t('admin.intro')}</p>
      </div>
      {actionData?.error ? (
        <p role="alert" className="rounded-md border-l-4 border-red-700 bg-red-50 p-3 text-red-900">{t(actionData.error)}</p>
      ) : null}

      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading" className="text-xl font-semibold">{t('admin.pendingTitle')}</h2>
        {pending.length === 0 ? <p className="mt-2 text-slate-700">{t('admin.pendingNone')}</p> : null}
        <ul className="mt-4 space-y-3">
          {pending.map((p) => (
            <li key={p.id} className="rounded-md border border-slate-200 p-4">
              <p><strong>{p.name}</strong> ({p.email}) · {p.course} · {t('admin.requested', { date: date.format(new Date(p.createdAt)) })}</p>
              <div className="mt-3 flex flex-wrap items-end gap-4">
                <Form method="post">
                  <input type="hidden" name="intent" value="approve" />
                  <input type="hidden" name="requestId" value={p.id} />
                  <SubmitButton>{t('admin.approve')}</SubmitButton>
                </Form>
                <Form method="post" className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="intent" value="reject" />
                  <input type="hidden" name="requestId" value={p.id} />
                  <label className="flex flex-col text-sm">
                    {t('admin.rejectReason')}
                    <input name="reason" required maxLength={500} className={inputClass} />
                  </label>
                  <SubmitButton variant="secondary">{t('admin.reject')}</SubmitButton>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="issue-heading" className="grid gap-8 md:grid-cols-2">
        <div>
          <h2 id="issue-heading" className="text-xl font-semibold">{t('admin.issueTitle')}</h2>
          <p className="mt-1 text-sm text-slate-700">{t('admin.issueHelp')}</p>
          <Form method="post" className="mt-4 space-y-3">
            <input type="hidden" name="intent" value="issue" />
            <label className="flex flex-col text-sm">
              {t('admin.email')}
              <input name="email" type="email" required maxLength={254} className={inputClass} />
            </label>
            <label className="flex flex-col text-sm">
              {t('admin.course')}
              <select name="courseId" className={inputClass}>
                {courses.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
              </select>
            </label>
            <SubmitButton>{t('admin.issue')}</SubmitButton>
          </Form>
        </div>
        <div>
          <h2 className="text-xl font-semibold">{t('admin.bulkTitle')}</h2>
          <p className="mt-1 text-sm text-slate-700">{t('admin.bulkHelp')}</p>
          <Form method="post" className="mt-4 space-y-3">
            <input type="hidden" name="intent" value="bulk" />
            <label className="flex flex-col text-sm">
              {t('admin.course')}
              <select name="courseId" className={inputClass}>
                {courses.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
              </select>
            </label>
            <label className="flex flex-col text-sm">
              {t('admin.cohort')}
              <select name="cohortId" className={inputClass}>
                <option value="">{t('admin.allLearners')}</option>
                {cohorts.map((c) => <option key={c.id} value={c.id}>{c.name} ({courses.find((k) => k.id === c.courseId)?.title ?? c.courseId})</option>)}
              </select>
            </label>
            <SubmitButton>{t('admin.bulkStart')}</SubmitButton>
          </Form>
        </div>
      </section>

      {batches.length ? (
        <section aria-labelledby="batches-heading">
          <h2 id="batches-heading" className="text-xl font-semibold">{t('admin.batchesTitle')}</h2>
          <ul className="mt-4 space-y-3" aria-live="polite">
            {batches.map((b) => {
              const done = b.issued + b.skipped + b.failed
              return (
                <li key={b.id} className="rounded-md border border-slate-200 p-4" data-testid="batch">
                  <p className="font-medium">{b.course} · {t(`admin.batchStatus.${b.status}`)} · {date.format(new Date(b.createdAt))}</p>
                  <progress max={Math.max(1, b.total)} value={Math.min(done, b.total)} aria-label={b.course} className="mt-2 h-2 w-64 max-w-full" />
                  <p className="mt-1 text-sm">
                    {t('admin.batchProgress', { done: number.format(done), total: number.format(b.total), issued: number.format(b.issued), skipped: number.format(b.skipped), failed: number.format(b.failed) })}
                  </p>
                </li>
              )
            })}
          </ul>
          {running ? <p className="mt-2 text-sm"><Link to="." className="text-brand-700 underline">{t('admin.refresh')}</Link></p> : null}
        </section>
      ) : null}

      <section aria-labelledby="search-heading">
        <h2 id="search-heading" className="text-xl font-semibold">{q ? t('admin.searchTitle') : t('admin.recent')}</h2>
        <Form method="get" role="search" className="mt-4 flex gap-2">
          <label htmlFor="q" className="sr-only">{t('admin.search')}</label>
          <input id="q" name="q" type="search" defaultValue={q} placeholder={t('admin.search')} className={`w-full max-w-md ${inputClass}`} />
          <SubmitButton variant="secondary">{t('admin.searchButton')}</SubmitButton>
        </Form>
        {certificates.length === 0 ? <p className="mt-4">{t('admin.noResults')}</p> : (
          <table className="mt-4 w-full border-collapse text-left text-sm">
            <ColumnHeads columns={[t('admin.serialCol'), t('admin.holder'), t('admin.course'), t('admin.issuedCol'), t('admin.statusCol'), t('admin.actionsCol')]} />
            <tbody>
              {certificates.map((c) => (
                <tr key={c.id} className="border-b border-slate-200 align-top" data-testid="certificate-row">
                  <td className="py-2 pr-2 font-mono"><Link to={c.verifyHref} className="text-brand-700 underline">{c.serial}</Link></td>
                  <td className="py-2 pr-2">{c.holderName}<br /><span className="text-slate-600">{c.email}</span></td>
                  <td className="py-2 pr-2">{c.course}</td>
                  <td className="py-2 pr-2">{date.format(new Date(c.issuedAt))}</td>
                  <td className="py-2 pr-2">{t(`status.${c.status}`)}</td>
                  <td className="py-2">
                    {c.status === 'valid' ? <CertificateActions id={c.id} serial={c.serial} intents={{ revoke: 'revoke', reissue: 'reissue' }} /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
