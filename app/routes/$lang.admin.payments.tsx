// Administrators: payments, refunds and flagged payments beside waivers; pending enrolment
// requests (no Stripe keys) to approve or decline; and the waiver form. Every change is audited
// in the same transaction (app/payments/waivers.server.ts, requests.server.ts).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { requireRole } from '#app/accounts/auth.server.ts'
import { CsvDownloads } from '#app/components/csv-downloads.tsx'
import { FormError, pageErrorsOf, SubmitButton } from '#app/components/forms.tsx'
import { NameAndEmail, PageSection, RowsTable } from '#app/components/page-section.tsx'
import { getManifest } from '#app/content/catalog.server.ts'
import { ENROLMENT_ERRORS } from '#app/enrolment/enrol.server.ts'
import { paymentsOverview } from '#app/payments/overview.server.ts'
import { decideEnrolmentRequest } from '#app/payments/requests.server.ts'
import { WaiveFeeByEmailSchema, WaiverForm } from '#app/payments/waiver-form.tsx'
import { grantWaiver } from '#app/payments/waivers.server.ts'
import { useLang } from '#app/root.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { domainError } from '#app/utils/domain-errors.server.ts'
import { paymentsMode } from '#app/utils/env.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formatPrice } from '#app/utils/format.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { IdSchema, intent, intents } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'payments:admin.title')

const PaymentsSchema = intents([
  WaiveFeeByEmailSchema,
  z.object({ intent: intent('approve-enrolment-request'), requestId: IdSchema }),
  z.object({ intent: intent('decline-enrolment-request'), requestId: IdSchema }),
])

function paidCourses() {
  return getManifest().courses.filter((c) => c.priceCents > 0)
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const overview = await paymentsOverview()
  const locale = formattingLocale(lang, admin.country)
  const titles = new Map(getManifest().courses.map((c) => [c.id, c.title[lang]]))
  const title = (id: string) => titles.get(id) ?? id
  const money = (cents: number, currency: string) => {
    try {
      return formatPrice(locale, cents, currency)
    } catch {
      return `${currency} ${(cents / 100).toFixed(2)}`
    }
  }
  return {
    locale,
    mode: paymentsMode(),
    courses: paidCourses().map((c) => ({ id: c.id, title: c.title[lang] })),
    totals: overview.totals.map((row) => ({
      currency: row.currency,
      status: row.status,
      count: row._count._all,
      amount: money(row._sum.amountCents ?? 0, row.currency),
      refunded: money(row._sum.refundedCents ?? 0, row.currency),
    })),
    flagged: overview.flagged.map((p) => ({
      id: p.id,
      course: title(p.courseId),
      learner: p.user.displayName,
      email: p.user.email,
      amount: money(p.amountCents, p.currency),
      flagReason: p.flagReason,
      date: (p.paidAt ?? p.createdAt).toISOString(),
    })),
    payments: overview.payments.map((p) => ({
      id: p.id,
      course: title(p.courseId),
      learner: p.user.displayName,
      email: p.user.email,
      amount: money(p.amountCents, p.currency),
      refunded: p.refundedCents > 0 ? money(p.refundedCents, p.currency) : null,
      status: p.status,
      flagReason: p.flagged ? p.flagReason : null,
      date: (p.paidAt ?? p.createdAt).toISOString(),
    })),
    waivers: overview.waivers.map((w) => ({
      id: w.id,
      course: title(w.courseId),
      learner: w.user.displayName,
      email: w.user.email,
      reason: w.waiverReason ?? '',
      sponsor: w.waiverSponsor ?? '',
      grantedBy: w.grantedBy?.displayName ?? null,
      date: w.createdAt.toISOString(),
    })),
    requests: overview.requests.map((r) => ({
      id: r.id,
      course: title(r.courseId),
      learner: r.user.displayName,
      email: r.user.email,
      message: r.message,
      date: r.createdAt.toISOString(),
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const back = `/${lang}/admin/payments`
  const submission = await parseSubmission(request, PaymentsSchema)
  if (submission.status !== 'success') return invalid(submission)
  const value = submission.value
  if (value.intent !== 'waive-fee') {
    const decision = value.intent === 'approve-enrolment-request' ? 'approve' : 'decline'
    const decided = await decideEnrolmentRequest({ actorId: admin.id, requestId: value.requestId, decision })
    if (!decided) return refuse(submission, ['payments:errors.requestGone', 404])
    throw redirect(back, {
      headers: {
        'Set-Cookie': await toastHeader({
          kind: 'success',
          key: decision === 'approve' ? 'payments:admin.approved' : 'payments:admin.declined',
        }),
      },
    })
  }
  const course = paidCourses().find((c) => c.id === value.courseId)
  if (!course) return refuse(submission, ['payments:errors.course', 400], { field: 'courseId' })
  const user = await prisma.user.findFirst({ where: { email: value.email, deletedAt: null }, select: { id: true } })
  if (!user) return refuse(submission, ['payments:errors.noAccount', 400], { field: 'email' })
  const result = await grantWaiver({
    actorId: admin.id,
    userId: user.id,
    courseId: course.id,
    reason: value.reason,
    sponsor: value.sponsor,
  })
  if (!result.ok) return refuse(submission, domainError(ENROLMENT_ERRORS, result.error))
  throw redirect(back, {
    headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'payments:admin.waiverGranted' }) },
  })
}

export default function AdminPaymentsPage() {
  const { payments, flagged, waivers, requests, totals, courses, locale, mode } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('payments')
  const lang = useLang()
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })
  const cell = 'py-2 pr-3 align-top'
  return (
    <>
      <div className="mx-auto max-w-6xl space-y-12 px-4 py-10">
        <div>
          <h1 className="text-3xl font-bold">{t('admin.title')}</h1>
          <div className="mt-2">
            <CsvDownloads label={t('admin.csv.download')} href={`/${lang}/admin/payments.csv`} />
          </div>
          <p className="mt-2 text-slate-700">{t(`admin.mode.${mode}`)}</p>
        </div>
        <FormError errors={pageErrorsOf(actionData, [['waive-fee']])} />

        <PageSection id="totals" title={t('admin.totals')}>
          <RowsTable
            rows={totals}
            empty={t('admin.noPayments')}
            columns={[t('admin.currency'), t('admin.status'), t('admin.count'), t('admin.amount'), t('admin.refunded')]}
            rowKey={(row) => `${row.currency}-${row.status}`}
          >
            {(row) => (
              <>
                <td className={cell}>{row.currency}</td>
                <td className={cell}>{t(`admin.statuses.${row.status}`)}</td>
                <td className={cell}>{new Intl.NumberFormat(locale).format(row.count)}</td>
                <td className={cell}>{row.amount}</td>
                <td className={cell}>{row.refunded}</td>
              </>
            )}
          </RowsTable>
        </PageSection>

        <PageSection id="flagged" title={t('admin.flagged')}>
          {flagged.length === 0 ? (
            <p className="mt-2">{t('admin.noFlagged')}</p>
          ) : (
            <ul className="mt-4 space-y-2">
              {flagged.map((p) => (
                <li key={p.id} className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
                  <strong>{p.learner}</strong> ({p.email}) · {p.course} · {p.amount} · {date.format(new Date(p.date))}
                  <br />
                  {t(`admin.flags.${p.flagReason}`, { defaultValue: p.flagReason ?? '' })}
                </li>
              ))}
            </ul>
          )}
        </PageSection>

        <PageSection id="requests" title={t('admin.requests')}>
          <RowsTable
            rows={requests}
            empty={t('admin.noRequests')}
            columns={[t('admin.date'), t('admin.learner'), t('admin.course'), t('admin.message'), t('admin.decision')]}
            rowKey={(r) => r.id}
          >
            {(r) => (
              <>
                <td className={cell}>{date.format(new Date(r.date))}</td>
                <td className={cell}>
                  <NameAndEmail name={r.learner} email={r.email} />
                </td>
                <td className={cell}>{r.course}</td>
                <td className={`${cell} whitespace-pre-line`}>{r.message}</td>
                <td className={cell}>
                  <Form method="post" className="flex gap-2">
                    <input type="hidden" name="requestId" value={r.id} />
                    <SubmitButton
                      name="intent"
                      value="approve-enrolment-request"
                      className="!px-2 !py-1 text-sm"
                      aria-label={t('admin.approveFor', { name: r.learner })}
                    >
                      {t('admin.approve')}
                    </SubmitButton>
                    <SubmitButton
                      name="intent"
                      value="decline-enrolment-request"
                      variant="secondary"
                      className="!px-2 !py-1 text-sm"
                      aria-label={t('admin.declineFor', { name: r.learner })}
                    >
                      {t('admin.decline')}
                    </SubmitButton>
                  </Form>
                </td>
              </>
            )}
          </RowsTable>
        </PageSection>

        <PageSection id="waiver" title={t('admin.waiverForm')} className="max-w-xl">
          <p className="mt-2 text-sm text-slate-700">{t('admin.waiverHelp')}</p>
          <WaiverForm courses={courses} reply={actionData} askEmail />
        </PageSection>

        <PageSection id="payments" title={t('admin.payments')}>
          <RowsTable
            rows={payments}
            empty={t('admin.noPayments')}
            columns={[t('admin.date'), t('admin.learner'), t('admin.course'), t('admin.amount'), t('admin.status')]}
            rowKey={(p) => p.id}
          >
            {(p) => (
              <>
                <td className={cell}>{date.format(new Date(p.date))}</td>
                <td className={cell}>
                  <NameAndEmail name={p.learner} email={p.email} />
                </td>
                <td className={cell}>{p.course}</td>
                <td className={cell}>
                  {p.amount}
                  {p.refunded ? (
                    <>
                      <br />
                      <span className="text-slate-600">{t('admin.refundedAmount', { amount: p.refunded })}</span>
                    </>
                  ) : null}
                </td>
                <td className={cell}>
                  {t(`admin.statuses.${p.status}`)}
                  {p.flagReason ? ` · ${t('admin.flaggedShort')}` : ''}
                </td>
              </>
            )}
          </RowsTable>
        </PageSection>

        <PageSection id="waivers" title={t('admin.waivers')}>
          <RowsTable
            rows={waivers}
            empty={t('admin.noWaivers')}
            columns={[
              t('admin.date'),
              t('admin.learner'),
              t('admin.course'),
              t('admin.reason'),
              t('admin.sponsor'),
              t('admin.grantedBy'),
            ]}
            rowKey={(w) => w.id}
          >
            {(w) => (
              <>
                <td className={cell}>{date.format(new Date(w.date))}</td>
                <td className={cell}>
                  <NameAndEmail name={w.learner} email={w.email} />
                </td>
                <td className={cell}>{w.course}</td>
                <td className={cell}>{w.reason}</td>
                <td className={cell}>{w.sponsor}</td>
                <td className={cell}>{w.grantedBy ?? '—'}</td>
              </>
            )}
          </RowsTable>
        </PageSection>
      </div>
    </>
  )
}
