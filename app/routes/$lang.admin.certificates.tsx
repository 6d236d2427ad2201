// Administrators: approve queued certificates, issue one, re-issue or revoke, and issue in bulk
// for a course or a cohort with progress shown. Every change is audited in its transaction
// (app/certificates: issue, approval, revoke-reissue and batch .server.ts).
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { requireRole } from '#app/accounts/auth.server.ts'
import { approveCertificateRequest, rejectCertificateRequest } from '#app/certificates/approval.server.ts'
import { startBatch } from '#app/certificates/batch.server.ts'
import {
  CertificateActions,
  IssueCertificateByEmailSchema,
  ReissueCertificateSchema,
  RevokeCertificateSchema,
} from '#app/certificates/certificate-actions.tsx'
import { CERTIFICATE_ERRORS } from '#app/certificates/errors.server.ts'
import { issueCertificate } from '#app/certificates/issue.server.ts'
import { reissueCertificate, revokeCertificate } from '#app/certificates/revoke-reissue.server.ts'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { CourseSelectField } from '#app/components/course-select-field.tsx'
import {
  ErrorList,
  Field,
  FormError,
  pageErrorsOf,
  replyFor,
  SubmitButton,
  type Reply,
} from '#app/components/forms.tsx'
import { NameAndEmail, PageSection } from '#app/components/page-section.tsx'
import { getManifest } from '#app/content/catalog.server.ts'
import { useLang } from '#app/root.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { domainError } from '#app/utils/domain-errors.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import {
  IdSchema,
  intent,
  intents,
  parseForm,
  parseQuery,
  ReasonSchema,
  SearchSchema,
  SlugSchema,
} from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'certificates:admin.title')

const RejectRequestSchema = z.object({
  intent: intent('reject-certificate-request'),
  requestId: IdSchema,
  reason: ReasonSchema,
})

const CertificatesSchema = intents([
  IssueCertificateByEmailSchema,
  z.object({ intent: intent('approve-certificate-request'), requestId: IdSchema }),
  RejectRequestSchema,
  RevokeCertificateSchema,
  ReissueCertificateSchema,
  // "All learners" is the empty choice.
  z.object({ intent: intent('bulk-issue-certificates'), courseId: SlugSchema, cohortId: IdSchema.optional() }),
])

// A search that is not understood (a NUL byte, 10,000 characters) shows the recent certificates.
const QuerySchema = z.object({ q: SearchSchema.catch('') })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const { q } = parseQuery(new URL(request.url), QuerySchema).data ?? { q: '' }
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
      select: {
        id: true,
        courseId: true,
        status: true,
        total: true,
        issued: true,
        skipped: true,
        failed: true,
        createdAt: true,
      },
      orderBy: { createdAt: 'desc' },
      take: 10,
    }),
    prisma.certificate.findMany({
      where: q ? { OR: [{ serial: q.toUpperCase() }, { user: { email: q.toLowerCase() } }] } : {},
      select: certificateSelect,
      orderBy: { issuedAt: 'desc' },
      take: 25,
    }),
    prisma.cohort.findMany({
      select: { id: true, name: true, courseId: true },
      orderBy: { createdAt: 'desc' },
      take: 200,
    }),
  ])
  const title = (id: string) => courses.find((c) => c.id === id)?.title[lang] ?? id
  return {
    q,
    locale: formattingLocale(lang, admin.country),
    courses: courses.map((c) => ({ id: c.id, title: c.title[lang] })),
    cohorts,
    pending: pending.map((p) => ({
      id: p.id,
      createdAt: p.createdAt.toISOString(),
      course: title(p.courseId),
      name: p.user.displayName,
      email: p.user.email,
    })),
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

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const submission = await parseSubmission(request, CertificatesSchema)
  if (submission.status !== 'success') return invalid(submission)
  const input = submission.value
  const done = async (key: string, values: Record<string, string> = {}) => {
    const back = new URL(request.url)
    throw redirect(`/${lang}/admin/certificates${back.search}`, {
      headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key, values }) },
    })
  }
  switch (input.intent) {
    case 'issue-certificate': {
      const learner = await prisma.user.findFirst({
        where: { email: input.email, deletedAt: null },
        select: { id: true },
      })
      if (!learner) return refuse(submission, domainError(CERTIFICATE_ERRORS, 'unknown-learner'))
      const result = await issueCertificate({
        userId: learner.id,
        courseId: input.courseId,
        actorId: admin.id,
        source: 'admin',
      })
      if (!result.ok) return refuse(submission, domainError(CERTIFICATE_ERRORS, result.error))
      return done('certificates:admin.issued', { serial: result.certificate.serial })
    }
    case 'approve-certificate-request': {
      const result = await approveCertificateRequest({ requestId: input.requestId, actorId: admin.id })
      if (!result.ok) return refuse(submission, domainError(CERTIFICATE_ERRORS, result.error))
      return done('certificates:admin.approved', { serial: result.certificate.serial })
    }
    case 'reject-certificate-request': {
      const result = await rejectCertificateRequest({
        requestId: input.requestId,
        actorId: admin.id,
        reason: input.reason,
      })
      if (!result.ok) return refuse(submission, domainError(CERTIFICATE_ERRORS, 'not-pending'))
      return done('certificates:admin.rejected')
    }
    case 'revoke-certificate': {
      const result = await revokeCertificate({
        certificateId: input.certificateId,
        actorId: admin.id,
        reason: input.reason,
      })
      if (!result.ok) return refuse(submission, domainError(CERTIFICATE_ERRORS, result.error))
      return done('certificates:admin.revokedDone', { serial: result.serial })
    }
    case 'reissue-certificate': {
      const result = await reissueCertificate({ certificateId: input.certificateId, actorId: admin.id })
      if (!result.ok) return refuse(submission, domainError(CERTIFICATE_ERRORS, result.error))
      return done('certificates:admin.reissued', { serial: result.serial })
    }
    case 'bulk-issue-certificates': {
      const result = await startBatch({ courseId: input.courseId, cohortId: input.cohortId ?? null, actorId: admin.id })
      if (!result.ok) return refuse(submission, domainError(CERTIFICATE_ERRORS, result.error))
      return done('certificates:admin.batchStarted')
    }
  }
}

/** Issue one certificate by hand, to the learner with this address. */
function IssueForm({ courses, reply }: { courses: Array<{ id: string; title: string }>; reply: Reply }) {
  const { t } = useTranslation('certificates')
  const [form, fields] = useForm({
    id: 'issue-certificate',
    constraint: getZodConstraint(IssueCertificateByEmailSchema),
    lastResult: replyFor(reply, 'issue-certificate'),
    onValidate: ({ formData }) => parseForm(formData, IssueCertificateByEmailSchema),
    shouldRevalidate: 'onBlur',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-4 space-y-2">
      <input type="hidden" name="intent" value="issue-certificate" />
      <Field
        label={t('admin.email')}
        errors={fields.email.errors}
        inputProps={getInputProps(fields.email, { type: 'email' })}
      />
      <CourseSelectField field={fields.courseId} courses={courses} label={t('admin.course')} />
      <SubmitButton>{t('admin.issue')}</SubmitButton>
    </Form>
  )
}

/** Reject one queued certificate, with a reason the learner is told. */
function RejectForm({ requestId, reply }: { requestId: string; reply: Reply }) {
  const { t } = useTranslation('certificates')
  const [form, fields] = useForm({
    id: `reject-${requestId}`,
    constraint: getZodConstraint(RejectRequestSchema),
    lastResult: replyFor(reply, 'reject-certificate-request', { requestId }),
    onValidate: ({ formData }) => parseForm(formData, RejectRequestSchema),
    shouldRevalidate: 'onBlur',
  })
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="reject-certificate-request" />
      <input type="hidden" name="requestId" value={requestId} />
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-sm">
          {t('admin.rejectReason')}
          <input {...getInputProps(fields.reason, { type: 'text' })} className={inputClass} />
        </label>
        <SubmitButton variant="secondary">{t('admin.reject')}</SubmitButton>
      </div>
      {fields.reason.errors ? <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} /> : null}
    </Form>
  )
}

const inputClass = 'rounded-md border border-slate-400 px-3 py-2'

export default function AdminCertificatesPage() {
  const { q, locale, courses, cohorts, pending, batches, certificates } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation(['certificates', 'common', 'admin'])
  const lang = useLang()
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
      <div className="mx-auto max-w-6xl space-y-10 px-4 py-10">
        <div>
          <p className="text-sm">
            <Link to={`/${lang}/admin`} className="text-brand-700 underline">
              {t('admin:title')}
            </Link>
          </p>
          <h1 className="mt-1 text-3xl font-bold">{t('admin.title')}</h1>
          <p className="mt-2 text-slate-700">{t('admin.intro')}</p>
        </div>
        <FormError
          errors={pageErrorsOf(actionData, [
            ['issue-certificate'],
            ...pending.map((p) => ['reject-certificate-request', { requestId: p.id }] as const),
            ...certificates
              .filter((c) => c.status === 'valid')
              .map((c) => ['revoke-certificate', { certificateId: c.id }] as const),
          ])}
        />

        <PageSection id="pending" title={t('admin.pendingTitle')}>
          {pending.length === 0 ? <p className="mt-2 text-slate-700">{t('admin.pendingNone')}</p> : null}
          <ul className="mt-4 space-y-3">
            {pending.map((p) => (
              <li key={p.id} className="rounded-md border border-slate-200 p-4">
                <p>
                  <strong>{p.name}</strong> ({p.email}) · {p.course} ·{' '}
                  {t('admin.requested', { date: date.format(new Date(p.createdAt)) })}
                </p>
                <div className="mt-3 flex flex-wrap items-end gap-4">
                  <Form method="post">
                    <input type="hidden" name="intent" value="approve-certificate-request" />
                    <input type="hidden" name="requestId" value={p.id} />
                    <SubmitButton>{t('admin.approve')}</SubmitButton>
                  </Form>
                  <RejectForm requestId={p.id} reply={actionData} />
                </div>
              </li>
            ))}
          </ul>
        </PageSection>

        <section aria-labelledby="issue-heading" className="grid gap-8 md:grid-cols-2">
          <div>
            <h2 id="issue-heading" className="text-xl font-semibold">
              {t('admin.issueTitle')}
            </h2>
            <p className="mt-1 text-sm text-slate-700">{t('admin.issueHelp')}</p>
            <IssueForm courses={courses} reply={actionData} />
          </div>
          <div>
            <h2 className="text-xl font-semibold">{t('admin.bulkTitle')}</h2>
            <p className="mt-1 text-sm text-slate-700">{t('admin.bulkHelp')}</p>
            <Form method="post" className="mt-4 space-y-3">
              <input type="hidden" name="intent" value="bulk-issue-certificates" />
              <label className="flex flex-col text-sm">
                {t('admin.course')}
                <select name="courseId" className={inputClass}>
                  {courses.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.title}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col text-sm">
                {t('admin.cohort')}
                <select name="cohortId" className={inputClass}>
                  <option value="">{t('admin.allLearners')}</option>
                  {cohorts.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name} ({courses.find((k) => k.id === c.courseId)?.title ?? c.courseId})
                    </option>
                  ))}
                </select>
              </label>
              <SubmitButton>{t('admin.bulkStart')}</SubmitButton>
            </Form>
          </div>
        </section>

        {batches.length ? (
          <PageSection id="batches" title={t('admin.batchesTitle')}>
            <ul className="mt-4 space-y-3" aria-live="polite">
              {batches.map((b) => {
                const done = b.issued + b.skipped + b.failed
                return (
                  <li key={b.id} className="rounded-md border border-slate-200 p-4" data-testid="batch">
                    <p className="font-medium">
                      {b.course} · {t(`admin.batchStatus.${b.status}`)} · {date.format(new Date(b.createdAt))}
                    </p>
                    <progress
                      max={Math.max(1, b.total)}
                      value={Math.min(done, b.total)}
                      aria-label={b.course}
                      className="mt-2 h-2 w-64 max-w-full"
                    />
                    <p className="mt-1 text-sm">
                      {t('admin.batchProgress', {
                        done: number.format(done),
                        total: number.format(b.total),
                        issued: number.format(b.issued),
                        skipped: number.format(b.skipped),
                        failed: number.format(b.failed),
                      })}
                    </p>
                  </li>
                )
              })}
            </ul>
            {running ? (
              <p className="mt-2 text-sm">
                <Link to="." className="text-brand-700 underline">
                  {t('admin.refresh')}
                </Link>
              </p>
            ) : null}
          </PageSection>
        ) : null}

        <PageSection id="search" title={q ? t('admin.searchTitle') : t('admin.recent')}>
          <Form method="get" role="search" className="mt-4 flex gap-2">
            <label htmlFor="q" className="sr-only">
              {t('admin.search')}
            </label>
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={q}
              placeholder={t('admin.search')}
              className={`w-full max-w-md ${inputClass}`}
            />
            <SubmitButton variant="secondary">{t('admin.searchButton')}</SubmitButton>
          </Form>
          {certificates.length === 0 ? (
            <p className="mt-4">{t('admin.noResults')}</p>
          ) : (
            <table className="mt-4 w-full border-collapse text-left text-sm">
              <ColumnHeads
                columns={[
                  t('admin.serialCol'),
                  t('admin.holder'),
                  t('admin.course'),
                  t('admin.issuedCol'),
                  t('admin.statusCol'),
                  t('admin.actionsCol'),
                ]}
              />
              <tbody>
                {certificates.map((c) => (
                  <tr key={c.id} className="border-b border-slate-200 align-top" data-testid="certificate-row">
                    <td className="py-2 pr-2 font-mono">
                      <Link to={c.verifyHref} className="text-brand-700 underline">
                        {c.serial}
                      </Link>
                    </td>
                    <td className="py-2 pr-2">
                      <NameAndEmail name={c.holderName} email={c.email} />
                    </td>
                    <td className="py-2 pr-2">{c.course}</td>
                    <td className="py-2 pr-2">{date.format(new Date(c.issuedAt))}</td>
                    <td className="py-2 pr-2">{t(`status.${c.status}`)}</td>
                    <td className="py-2">
                      {c.status === 'valid' ? (
                        <CertificateActions id={c.id} serial={c.serial} reply={actionData} />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </PageSection>
      </div>
    </>
  )
}
