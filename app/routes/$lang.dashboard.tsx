// The learner's dashboard. Enrolments, progress and certificates arrive with the course,
// quiz and certificate work; until then it greets and points to the account.
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { requireUser } from '#app/utils/auth.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { langParam } from '#app/utils/route.server.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'common:dashboard.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireUser(request)
  const enrollments = await prisma.enrollment.findMany({
    where: { userId: user.id },
    select: { courseId: true, status: true, createdAt: true, course: { select: { titleEn: true, titleEs: true } } },
    orderBy: { createdAt: 'desc' },
    take: 50,
  })
  return {
    name: user.displayName,
    verified: Boolean(user.emailVerifiedAt),
    locale: formattingLocale(lang, user.country),
    enrollments: enrollments.map((e) => ({
      courseId: e.courseId,
      status: e.status,
      title: lang === 'es' ? e.course.titleEs || e.course.titleEn : e.course.titleEn || e.course.titleEs,
      enrolledAt: e.createdAt.toISOString(),
    })),
  }
}

export default function DashboardPage() {
  const { name, enrollments, locale } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <h1 className="text-3xl font-bold">{t('dashboard.greeting', { name })}</h1>
      <section aria-labelledby="enrolments-heading" className="mt-8">
        <h2 id="enrolments-heading" className="text-xl font-semibold">{t('dashboard.enrolments')}</h2>
        {enrollments.length === 0 ? (
          <p className="mt-2 text-slate-700">{t('dashboard.none')}</p>
        ) : (
          <ul className="mt-4 divide-y divide-slate-200 rounded-md border border-slate-200">
            {enrollments.map((e) => (
              <li key={e.courseId} className="flex justify-between p-4">
                <span className="font-medium">{e.title || e.courseId}</span>
                <span className="text-sm text-slate-600">{t('dashboard.enrolledOn', { date: date.format(new Date(e.enrolledAt)) })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="mt-8">
        <Link to={`/${i18n.language}/account`} className="font-medium text-brand-700 underline">
          {t('nav.account')}
        </Link>
      </p>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
