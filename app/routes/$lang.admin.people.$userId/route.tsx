// One person, for administrators: profile, enrolments with progress, quiz attempts, certificates,
// payments and their audit trail; and the actions taken from here (change role, enrol, waive the
// fee of a paid course, issue / re-issue / revoke a certificate), each audited in the same
// transaction as its change (the certificate and waiver rules live in their modules). The action
// is dispatched on `intent`; each form sits in the table row it acts on. Queries: two rounds, a
// fixed number, whatever the data (app/accounts/people.server.ts personRecord).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { requireRole } from '#app/accounts/auth.server.ts'
import { countryName } from '#app/accounts/countries.ts'
import { personRecord } from '#app/accounts/people.server.ts'
import { ACCOUNT_ERRORS, changeRole } from '#app/accounts/user.server.ts'
import {
  CertificateActions,
  IssueCertificateSchema,
  ReissueCertificateSchema,
  RevokeCertificateSchema,
} from '#app/certificates/certificate-actions.tsx'
import { CERTIFICATE_ERRORS } from '#app/certificates/errors.server.ts'
import { issueCertificate } from '#app/certificates/issue.server.ts'
import { reissueCertificate, revokeCertificate } from '#app/certificates/revoke-reissue.server.ts'
import { FormError, pageErrorsOf } from '#app/components/forms.tsx'
import { PageSection, RowsTable } from '#app/components/page-section.tsx'
import { getCourse, getManifest } from '#app/content/catalog.server.ts'
import { enrolByAdministrator, ENROLMENT_ERRORS } from '#app/enrolment/enrol.server.ts'
import { WaiveFeeSchema, WaiverForm } from '#app/payments/waiver-form.tsx'
import { grantWaiver } from '#app/payments/waivers.server.ts'
import { useLang } from '#app/root.tsx'
import { domainError } from '#app/utils/domain-errors.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { ID_PATTERN, intent, intents, RoleSchema, ROLES, SlugSchema } from '#app/utils/validation.ts'
import { SelectForm } from './select-form.tsx'
import { AttemptsSection, formatters, PaymentsSection, td, th, TrailSection } from './tables.tsx'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'reports:person.title')

/** Ids are cuids (or fixed seed ids); anything else matches no one and is a 404. */
function userIdParam(value: unknown): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) throw new Response('Not found', { status: 404 })
  return value
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const userId = userIdParam(params.userId)
  const record = await personRecord(userId)
  if (!record) throw new Response('Not found', { status: 404 })
  const { person, enrolments, progress, attempts, certificates, payments, trail } = record
  const title = (courseId: string) => getCourse(courseId)?.title[lang] ?? courseId
  // A cancelled enrolment may be re-opened by enrolling again (app/enrolment/enrol.server.ts).
  const enrolled = new Set(enrolments.filter((e) => e.status !== 'cancelled').map((e) => e.courseId))
  return {
    self: admin.id === userId,
    locale: formattingLocale(lang, admin.country),
    person: {
      ...person,
      countryName: countryName(person.country, lang),
      createdAt: person.createdAt.toISOString(),
      verified: Boolean(person.emailVerifiedAt),
      deleted: Boolean(person.deletedAt),
    },
    enrolments: enrolments.map((e) => ({
      ...e,
      title: title(e.courseId),
      percent: progress.get(e.courseId)?.percent ?? null,
      createdAt: e.createdAt.toISOString(),
      completedAt: e.completedAt?.toISOString() ?? null,
    })),
    attempts: attempts.map((a) => ({ ...a, course: title(a.courseId), createdAt: a.createdAt.toISOString() })),
    certificates: certificates.map((c) => ({
      ...c,
      course: title(c.courseId),
      issuedAt: c.issuedAt.toISOString(),
      revokedAt: c.revokedAt?.toISOString() ?? null,
    })),
    payments: payments.map((p) => ({ ...p, course: title(p.courseId), createdAt: p.createdAt.toISOString() })),
    trail: trail.map((e) => ({
      id: e.id,
      action: e.action,
      subject: e.subject,
      data: JSON.stringify(e.data),
      createdAt: e.createdAt.toISOString(),
      actor: e.actor?.displayName ?? null,
    })),
    enrollable: getManifest()
      .courses.filter((c) => !enrolled.has(c.id))
      .map((c) => ({ id: c.id, title: c.title[lang] })),
    waivable: getManifest()
      .courses.filter((c) => c.priceCents > 0 && !enrolled.has(c.id))
      .map((c) => ({ id: c.id, title: c.title[lang] })),
    // Enrolled courses with no valid certificate: an administrator may issue one.
    issuable: enrolments
      .filter(
        (e) => e.status !== 'cancelled' && !certificates.some((c) => c.courseId === e.courseId && c.status === 'valid'),
      )
      .map((e) => ({ id: e.courseId, title: title(e.courseId) })),
  }
}

const PersonSchema = intents([
  z.object({ intent: intent('change-role'), role: RoleSchema }),
  z.object({ intent: intent('enrol'), courseId: SlugSchema }),
  WaiveFeeSchema,
  IssueCertificateSchema,
  ReissueCertificateSchema,
  RevokeCertificateSchema,
])

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const userId = userIdParam(params.userId)
  const submission = await parseSubmission(request, PersonSchema)
  if (submission.status !== 'success') return invalid(submission)
  const value = submission.value
  let toastKey: string
  let toastValues: Record<string, string> | undefined
  switch (value.intent) {
    case 'waive-fee': {
      const course = getCourse(value.courseId)
      if (!course || course.priceCents === 0)
        return refuse(submission, ['payments:errors.course', 400], { field: 'courseId' })
      const result = await grantWaiver({
        actorId: admin.id,
        userId,
        courseId: course.id,
        reason: value.reason,
        sponsor: value.sponsor,
      })
      if (!result.ok) return refuse(submission, domainError(ENROLMENT_ERRORS, result.error))
      toastKey = 'payments:admin.waiverGranted'
      break
    }
    case 'issue-certificate': {
      const result = await issueCertificate({ userId, courseId: value.courseId, actorId: admin.id, source: 'admin' })
      if (!result.ok) return refuse(submission, domainError(CERTIFICATE_ERRORS, result.error))
      toastKey = 'certificates:admin.issued'
      toastValues = { serial: result.certificate.serial }
      break
    }
    case 'reissue-certificate': {
      // A certificate of someone else than this person is 'not-found', never acted on.
      const result = await reissueCertificate({
        certificateId: value.certificateId,
        actorId: admin.id,
        holderId: userId,
      })
      if (!result.ok) return refuse(submission, domainError(CERTIFICATE_ERRORS, result.error))
      toastKey = 'certificates:admin.reissued'
      toastValues = { serial: result.serial }
      break
    }
    case 'revoke-certificate': {
      const result = await revokeCertificate({
        certificateId: value.certificateId,
        actorId: admin.id,
        reason: value.reason,
        holderId: userId,
      })
      if (!result.ok) return refuse(submission, domainError(CERTIFICATE_ERRORS, result.error))
      toastKey = 'certificates:admin.revokedDone'
      toastValues = { serial: result.serial }
      break
    }
    case 'change-role': {
      const result = await changeRole({ actorId: admin.id, userId, role: value.role })
      if (!result.ok) return refuse(submission, domainError(ACCOUNT_ERRORS, result.error))
      toastKey = 'admin:users.roleChanged'
      break
    }
    case 'enrol': {
      const result = await enrolByAdministrator({ actorId: admin.id, userId, courseId: value.courseId })
      if (!result.ok) return refuse(submission, domainError(ENROLMENT_ERRORS, result.error))
      toastKey = 'reports:person.enrolled'
      break
    }
  }
  throw redirect(`/${lang}/admin/people/${userId}`, {
    headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: toastKey, values: toastValues }) },
  })
}

export default function PersonPage() {
  const { person, enrolments, attempts, certificates, payments, trail, enrollable, waivable, issuable, locale, self } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation(['reports', 'admin', 'common', 'certificates', 'payments'])
  const lang = useLang()
  const { date, number } = formatters(locale)
  // The forms on the page that show their fields' messages themselves.
  const forms = [
    ...(!self && !person.deleted ? [['change-role'] as const] : []),
    ...(!person.deleted && enrollable.length ? [['enrol'] as const] : []),
    ...(!person.deleted && waivable.length ? [['waive-fee'] as const] : []),
    ...(!person.deleted && issuable.length ? [['issue-certificate'] as const] : []),
    ...certificates
      .filter((c) => c.status === 'valid')
      .map((c) => ['revoke-certificate', { certificateId: c.id }] as const),
  ]
  return (
    <>
      <div className="mx-auto max-w-6xl px-4 py-10">
        <p>
          <Link to={`/${lang}/admin/people`} className="text-brand-700 underline">
            {t('person.back')}
          </Link>
        </p>
        <h1 className="mt-2 text-3xl font-bold">{person.displayName}</h1>
        {person.deleted ? <p className="mt-2 font-medium">{t('person.deleted')}</p> : null}
        <div className="mt-4">
          <FormError errors={pageErrorsOf(actionData, forms)} />
        </div>
        <dl className="mt-4 grid grid-cols-1 gap-x-8 gap-y-2 sm:grid-cols-2">
          {[
            [t('people.email'), `${person.email}${person.verified ? '' : ` (${t('person.unverified')})`}`],
            [t('person.certificateName'), person.certificateName],
            [t('people.country'), person.countryName],
            [
              t('people.organisation'),
              `${person.organisation} · ${t(`common:organisationTypes.${person.organisationType}`)}`,
            ],
            [t('person.language'), t(`person.languages.${person.preferredLocale}`)],
            [t('people.joined'), date.format(new Date(person.createdAt))],
          ].map(([label, value]) => (
            <div key={label} className="flex gap-2">
              <dt className="font-medium">{label}:</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>

        <PageSection id="role" title={t('people.role')} className="mt-10">
          {self || person.deleted ? (
            <p className="mt-2">
              {t(`people.roleNames.${person.role}`)}
              {self ? ` — ${t('admin:users.notSelf')}` : ''}
            </p>
          ) : (
            <SelectForm
              intent="change-role"
              id="role"
              name="role"
              label={t('admin:users.roleFor', { name: person.displayName })}
              options={ROLES.map((role) => ({ value: role, label: t(`people.roleNames.${role}`) }))}
              defaultValue={person.role}
              submit={t('person.changeRole')}
              reply={actionData}
              className="mt-2"
            />
          )}
        </PageSection>

        <PageSection id="enrolments" title={t('person.enrolments')} className="mt-10">
          <RowsTable
            rows={enrolments}
            empty={t('person.noEnrolments')}
            cellClassName={th}
            columns={[
              t('people.course'),
              t('people.status'),
              t('person.source'),
              t('person.progress'),
              t('person.enrolledOn'),
              t('person.completedOn'),
            ]}
            rowKey={(e) => e.id}
          >
            {(e) => (
              <>
                <td className={td}>{e.title}</td>
                <td className={td}>{t(`people.statuses.${e.status}`)}</td>
                <td className={td}>{t(`person.sources.${e.source}`)}</td>
                <td className={td}>{e.percent === null ? '—' : `${number.format(e.percent)} %`}</td>
                <td className={td}>{date.format(new Date(e.createdAt))}</td>
                <td className={td}>{e.completedAt ? date.format(new Date(e.completedAt)) : '—'}</td>
              </>
            )}
          </RowsTable>
          {!person.deleted && enrollable.length ? (
            <SelectForm
              intent="enrol"
              id="enrol-course"
              name="courseId"
              label={t('person.enrolIn')}
              options={enrollable.map((c) => ({ value: c.id, label: c.title }))}
              submit={t('person.enrol')}
              reply={actionData}
            />
          ) : null}
          {!person.deleted && waivable.length ? (
            <section aria-labelledby="waive-heading" className="mt-6 rounded-md border border-slate-200 p-4">
              <h3 id="waive-heading" className="font-semibold">
                {t('payments:admin.waiverForm')}
              </h3>
              <p className="mt-1 text-sm text-slate-700">{t('payments:admin.waiverHelp')}</p>
              <WaiverForm courses={waivable} reply={actionData} askEmail={false} />
            </section>
          ) : null}
        </PageSection>

        <PageSection id="certificates" title={t('person.certificates')} className="mt-10">
          <RowsTable
            rows={certificates}
            empty={t('person.noCertificates')}
            cellClassName={th}
            columns={[
              t('person.serial'),
              t('people.course'),
              t('person.certificateStatus'),
              t('person.issuedOn'),
              t('certificates:admin.actionsCol'),
            ]}
            rowKey={(c) => c.id}
            rowProps={() => ({ 'data-testid': 'person-certificate' })}
          >
            {(c) => (
              <>
                <td className={`${td} font-mono`}>{c.serial}</td>
                <td className={td}>{c.course}</td>
                <td className={td}>
                  {t(`person.certificateStatuses.${c.status}`)}
                  {c.revokedReason ? ` — ${c.revokedReason}` : ''}
                </td>
                <td className={td}>{date.format(new Date(c.issuedAt))}</td>
                <td className={td}>
                  {c.status === 'valid' ? <CertificateActions id={c.id} serial={c.serial} reply={actionData} /> : null}
                </td>
              </>
            )}
          </RowsTable>
        </PageSection>

        {!person.deleted && issuable.length ? (
          <SelectForm
            intent="issue-certificate"
            id="issue-course"
            name="courseId"
            label={t('certificates:admin.issueTitle')}
            options={issuable.map((c) => ({ value: c.id, label: c.title }))}
            help={t('certificates:admin.issueHelp')}
            submit={t('certificates:admin.issue')}
            reply={actionData}
          />
        ) : null}

        <PaymentsSection rows={payments} locale={locale} />

        <AttemptsSection rows={attempts} locale={locale} />

        <TrailSection rows={trail} locale={locale} />
      </div>
    </>
  )
}
