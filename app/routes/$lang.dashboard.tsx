// The learner's dashboard: every enrolled course with its progress, where to resume, and quiz
// results, and certificates (or "being prepared" while the job that issues one has not run yet).
// A fixed number of queries, whatever the number of courses or lessons, and no writes.
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireUser } from '#app/accounts/auth.server.ts'
import { CertificatePreparing, useRefreshWhilePreparing } from '#app/certificates/certificate-preparing.tsx'
import { verificationUrl } from '#app/certificates/codes.server.ts'
import { issuer } from '#app/certificates/issuer.server.ts'
import { certificatesForUser, certificateRequestsForUser } from '#app/certificates/lookup.server.ts'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { PageSection } from '#app/components/page-section.tsx'
import { getCourse } from '#app/content/catalog.server.ts'
import { NotesList } from '#app/notes/notes-list.tsx'
import { notesForDashboard } from '#app/notes/notes.server.ts'
import { receiptPath, receiptsForUser } from '#app/payments/receipt.server.ts'
import { nextStep, progressForCourses } from '#app/progress/progress.server.ts'
import { useLang } from '#app/root.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { formatPrice } from '#app/utils/format.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'common:dashboard.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireUser(request)
  const enrolments = await prisma.enrolment.findMany({
    where: { userId: user.id, status: { in: ['active', 'completed'] } },
    select: { courseId: true, status: true, createdAt: true, lastLessonId: true },
    orderBy: { createdAt: 'desc' },
    take: 50,
  })
  const known = enrolments.flatMap((e) => {
    const course = getCourse(e.courseId)
    return course ? [{ enrolment: e, course }] : []
  })
  const [progressByCourse, certificates, pendingRequests, notes, receipts] = await Promise.all([
    progressForCourses(
      user.id,
      known.map((k) => k.course),
    ),
    certificatesForUser(user.id),
    certificateRequestsForUser(user.id),
    notesForDashboard(user.id, lang, getCourse),
    receiptsForUser(user.id),
  ])
  const issuerName = issuer().name[lang]
  // A completed course with neither a certificate nor a request: its certificate job, added with
  // the completion, has not run yet (it takes a moment). Said on the page; nothing is done here.
  const preparing = known.filter(
    ({ enrolment, course }) =>
      enrolment.status === 'completed' &&
      !certificates.some((c) => c.courseId === course.id) &&
      !pendingRequests.some((r) => r.courseId === course.id),
  )
  const courses = known.map(({ enrolment: e, course }) => {
    const progress = progressByCourse.get(course.id)!
    const lessonHref = (id: string) => `/${lang}/courses/${course.id}/${id}`
    const lessonTitle = (id: string | null) => {
      for (const m of course.modules) for (const l of m.lessons) if (l.id === id) return l.locales[lang].title
      return null
    }
    const step = nextStep(course, progress, e)
    // A completed course: its certificate is the next thing (a valid one, the newest first).
    const certificate = certificates.find((c) => c.courseId === course.id && c.status === 'valid')
    return {
      id: course.id,
      title: course.title[lang],
      completed: e.status === 'completed',
      enrolledAt: e.createdAt.toISOString(),
      percent: progress.percent,
      // Lessons added after the course was completed: optional for this learner (ADR 029).
      newLessons: progress.optional.length,
      next:
        step.kind === 'done'
          ? null
          : {
              kind:
                step.kind === 'quiz' ? ('quiz' as const) : step.started ? ('continue' as const) : ('start' as const),
              href: `${lessonHref(step.lessonId)}${step.kind === 'quiz' ? `#quiz-${step.quizId}` : ''}`,
              title: lessonTitle(step.lessonId)!,
            },
      certificate: step.kind === 'done' && certificate ? { id: certificate.id, serial: certificate.serial } : null,
      quizzes: Object.entries(progress.quizzes)
        .filter(([, q]) => q.attempts > 0)
        .map(([id, q]) => ({
          id,
          // A quiz is named after the module it closes.
          title:
            course.modules.find((m) => m.lessons.some((l) => l.locales[lang].quizIds.includes(id)))?.title[lang] ?? id,
          best: q.best,
          passed: q.passed,
          attempts: q.attempts,
        })),
    }
  })
  const other = lang === 'es' ? 'en' : 'es'
  return {
    receipts: receipts.map((r) => ({
      id: r.id,
      number: r.number,
      course: lang === 'es' ? r.courseTitleEs : r.courseTitleEn,
      paidAt: r.paidAt.toISOString(),
      amountCents: r.amountCents,
      currency: r.currency,
      refunded: r.payment.refundedCents > 0,
      href: receiptPath(lang, r.id),
      otherHref: receiptPath(other, r.id),
    })),
    name: user.displayName,
    locale: formattingLocale(lang, user.country),
    courses,
    notes,
    preparingCertificates: preparing.map(({ course }) => ({ courseId: course.id, title: course.title[lang] })),
    pendingCertificates: pendingRequests.flatMap((r) => {
      const course = getCourse(r.courseId)
      // A rejected request with a certificate issued since (by hand) is old news.
      if (!course || (r.status === 'rejected' && certificates.some((c) => c.courseId === r.courseId))) return []
      return [
        { courseId: r.courseId, title: course.title[lang], rejected: r.status === 'rejected', reason: r.reason ?? '' },
      ]
    }),
    certificates: certificates.map((c) => {
      const url = verificationUrl(c.verificationCode, lang)
      const title = lang === 'es' ? c.courseTitleEs : c.courseTitleEn
      // LinkedIn's "Add licence or certification" form, filled in.
      const linkedin = new URL('https://www.linkedin.com/profile/add')
      linkedin.search = new URLSearchParams({
        startTask: 'CERTIFICATION_NAME',
        name: title,
        organizationName: issuerName,
        issueYear: String(c.issuedAt.getUTCFullYear()),
        issueMonth: String(c.issuedAt.getUTCMonth() + 1),
        certUrl: url,
        certId: c.serial,
      }).toString()
      return {
        id: c.id,
        serial: c.serial,
        status: c.status,
        title,
        issuedAt: c.issuedAt.toISOString(),
        verifyHref: `/${lang}/verify/${c.verificationCode}`,
        credentialHref: `/credentials/${c.verificationCode}?format=jwt`,
        linkedin: c.status === 'valid' ? linkedin.toString() : null,
      }
    }),
  }
}

export default function DashboardPage() {
  const { name, courses, notes, locale, certificates, preparingCertificates, pendingCertificates, receipts } =
    useLoaderData<typeof loader>()
  const { t } = useTranslation(['common', 'quiz', 'certificates', 'payments'])
  const lang = useLang()
  useRefreshWhilePreparing(preparingCertificates.length > 0)
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <h1 className="text-3xl font-bold">{t('dashboard.greeting', { name })}</h1>
      <PageSection id="enrolments" title={t('dashboard.enrolments')} className="mt-8">
        {courses.length === 0 ? (
          <p className="mt-2 text-slate-700">
            {t('dashboard.none')}{' '}
            <Link to={`/${lang}/courses`} className="text-brand-700 font-medium underline">
              {t('nav.courses')}
            </Link>
          </p>
        ) : (
          <ul className="mt-4 space-y-4">
            {courses.map((c) => (
              <li key={c.id} className="rounded-lg border border-slate-200 p-5">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h3 className="text-lg font-semibold">
                    <Link to={`/${lang}/courses/${c.id}`} className="text-brand-800 hover:underline">
                      {c.title}
                    </Link>
                  </h3>
                  <span className="text-sm text-slate-600">
                    {t('dashboard.enrolledOn', { date: date.format(new Date(c.enrolledAt)) })}
                  </span>
                </div>
                <div className="mt-3 flex items-center gap-3">
                  <progress
                    max={100}
                    value={c.percent}
                    aria-label={t('quiz:courseProgress')}
                    className="h-2 w-64 max-w-full"
                  />
                  <span className="text-sm">{t('quiz:percentComplete', { percent: c.percent })}</span>
                  {c.completed ? (
                    <span className="rounded bg-emerald-100 px-2 py-0.5 text-sm font-semibold text-emerald-900">
                      {t('dashboard.completed')}
                    </span>
                  ) : null}
                </div>
                {c.newLessons ? (
                  <p className="mt-2 text-sm text-slate-700">
                    {t('dashboard.newLessons', { count: c.newLessons })}{' '}
                    <Link to={`/${lang}/courses/${c.id}#syllabus`} className="text-brand-700 underline">
                      {t('dashboard.seeNewLessons')}
                    </Link>
                  </p>
                ) : null}
                <div className="mt-3 flex flex-wrap items-center gap-4">
                  {c.next ? (
                    <Link
                      to={c.next.href}
                      className="bg-brand-600 hover:bg-brand-700 rounded-md px-4 py-2 text-sm font-medium text-white"
                    >
                      {t(`dashboard.step.${c.next.kind}`, { title: c.next.title })}
                    </Link>
                  ) : c.certificate ? (
                    <>
                      <a
                        href={`/${lang}/certificates/${c.certificate.id}.pdf`}
                        download
                        className="bg-brand-600 hover:bg-brand-700 rounded-md px-4 py-2 text-sm font-medium text-white"
                      >
                        {t('dashboard.step.certificate')}
                      </a>
                      <a
                        href={`#certificate-${c.certificate.id}`}
                        className="text-brand-700 text-sm font-medium underline"
                      >
                        {t('dashboard.step.certificateDetails', { serial: c.certificate.serial })}
                      </a>
                    </>
                  ) : c.completed ? (
                    <a href="#certificates-heading" className="text-brand-700 text-sm font-medium underline">
                      {t('dashboard.step.certificateStatus')}
                    </a>
                  ) : null}
                  {c.completed ? (
                    <Link to={`/${lang}/courses/${c.id}`} className="text-brand-700 text-sm underline">
                      {t('dashboard.step.review')}
                    </Link>
                  ) : null}
                </div>
                {c.quizzes.length ? (
                  <table className="mt-4 w-full max-w-xl text-left text-sm">
                    <caption className="text-left font-medium">{t('dashboard.quizResults')}</caption>
                    <ColumnHeads
                      cellClassName="py-1"
                      columns={[t('dashboard.quiz'), t('dashboard.bestScore'), t('dashboard.attempts')]}
                    />
                    <tbody>
                      {c.quizzes.map((q) => (
                        <tr key={q.id} className="border-b border-slate-200">
                          <td className="py-1">{q.title}</td>
                          <td className="py-1">
                            {number.format(q.best)} % {q.passed ? `(${t('dashboard.passed')})` : ''}
                          </td>
                          <td className="py-1">{q.attempts}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </PageSection>
      <PageSection id="certificates" title={t('certificates:dashboard.title')} className="mt-10">
        {pendingCertificates.map((p) => (
          <p key={p.courseId} className="mt-2 rounded-md bg-amber-50 p-3 text-amber-950">
            <strong>{p.title}.</strong>{' '}
            {p.rejected
              ? t('certificates:dashboard.rejected', { reason: p.reason })
              : t('certificates:dashboard.pending')}
          </p>
        ))}
        {preparingCertificates.map((p) => (
          <CertificatePreparing key={p.courseId} courseTitle={p.title} />
        ))}
        {certificates.length + pendingCertificates.length + preparingCertificates.length === 0 ? (
          <p className="mt-2 text-slate-700">{t('certificates:dashboard.none')}</p>
        ) : null}
        <ul className="mt-4 space-y-4">
          {certificates.map((c) => (
            <li
              key={c.id}
              id={`certificate-${c.id}`}
              className="rounded-lg border border-slate-200 p-5"
              data-testid="certificate"
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h3 className="text-lg font-semibold">{c.title}</h3>
                <span
                  className={`rounded px-2 py-0.5 text-sm font-semibold ${c.status === 'valid' ? 'bg-emerald-100 text-emerald-900' : 'bg-slate-200 text-slate-900'}`}
                >
                  {t(`certificates:dashboard.status.${c.status}`)}
                </span>
              </div>
              <p className="mt-1 text-sm text-slate-700">
                {t('certificates:dashboard.serial', { serial: c.serial })} ·{' '}
                {t('certificates:dashboard.issuedOn', { date: date.format(new Date(c.issuedAt)) })}
              </p>
              {c.status === 'valid' ? (
                <ul className="mt-3 flex flex-wrap gap-x-5 gap-y-2 text-sm">
                  <li>
                    <a
                      href={`/en/certificates/${c.id}.pdf`}
                      download
                      className="text-brand-700 font-medium underline"
                      hrefLang="en"
                    >
                      {t('certificates:dashboard.downloadEn')}
                    </a>
                  </li>
                  <li>
                    <a
                      href={`/es/certificates/${c.id}.pdf`}
                      download
                      className="text-brand-700 font-medium underline"
                      hrefLang="es"
                    >
                      {t('certificates:dashboard.downloadEs')}
                    </a>
                  </li>
                  <li>
                    <Link to={c.verifyHref} className="text-brand-700 font-medium underline">
                      {t('certificates:dashboard.verifyLink')}
                    </Link>
                  </li>
                  <li>
                    <a href={c.credentialHref} download className="text-brand-700 font-medium underline">
                      {t('certificates:dashboard.credential')}
                    </a>
                  </li>
                  {c.linkedin ? (
                    <li>
                      <a
                        href={c.linkedin}
                        target="_blank"
                        rel="noopener noreferrer"
                        className="text-brand-700 font-medium underline"
                      >
                        {t('certificates:dashboard.linkedin')}
                      </a>
                    </li>
                  ) : null}
                </ul>
              ) : (
                <p className="mt-2 text-sm">
                  <Link to={c.verifyHref} className="text-brand-700 font-medium underline">
                    {t('certificates:dashboard.verifyLink')}
                  </Link>
                </p>
              )}
            </li>
          ))}
        </ul>
      </PageSection>
      {receipts.length ? (
        <PageSection id="receipts" title={t('payments:receipt.dashboard.heading')} className="mt-10">
          <table className="mt-4 w-full max-w-3xl text-left text-sm">
            <ColumnHeads
              cellClassName="py-1 pr-4"
              columns={[
                t('payments:receipt.dashboard.course'),
                t('payments:receipt.dashboard.date'),
                t('payments:receipt.dashboard.amount'),
                t('payments:receipt.dashboard.receipt'),
              ]}
            />
            <tbody>
              {receipts.map((r) => (
                <tr key={r.id} className="border-b border-slate-200">
                  <td className="py-2 pr-4">{r.course}</td>
                  <td className="py-2 pr-4">{date.format(new Date(r.paidAt))}</td>
                  <td className="py-2 pr-4">
                    {formatPrice(locale, r.amountCents, r.currency)}
                    {r.refunded ? ` (${t('payments:receipt.dashboard.refunded')})` : ''}
                  </td>
                  <td className="py-2 pr-4">
                    <a href={r.href} download className="text-brand-700 font-medium underline">
                      {t('payments:receipt.dashboard.download', { number: r.number })}
                    </a>{' '}
                    (
                    <a href={r.otherHref} download className="text-brand-700 underline">
                      {t('payments:receipt.dashboard.downloadOther')}
                    </a>
                    )
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-sm text-slate-700">
            {t('payments:receipt.dashboard.taxIdHint')}{' '}
            <Link to={`/${lang}/account`} className="text-brand-700 underline">
              {t('payments:receipt.dashboard.account')}
            </Link>
          </p>
        </PageSection>
      ) : null}
      <NotesList notes={notes} locale={locale} />
      <p className="mt-8">
        <Link to={`/${lang}/account`} className="text-brand-700 font-medium underline">
          {t('nav.account')}
        </Link>
      </p>
    </div>
  )
}
