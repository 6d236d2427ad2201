// The trainer area: the courses this trainer teaches (all of them for an administrator). Who
// teaches a course is assigned in the administrator's console (CourseTrainer rows, read with the
// session's user: isCourseStaff), so an assignment shows here at the trainer's next visit.
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '#app/accounts/auth.server.ts'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { isCourseStaff } from '#app/content/access.server.ts'
import { getManifest } from '#app/content/catalog.server.ts'
import { useLang } from '#app/root.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'common:teach.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  const courses = getManifest()
    .courses.filter((c) => isCourseStaff(user, c))
    .sort((a, b) => a.id.localeCompare(b.id))
  // Uses the index Enrolment(courseId, createdAt).
  const counts = await prisma.enrolment.groupBy({
    by: ['courseId'],
    where: { courseId: { in: courses.map((c) => c.id) } },
    _count: { _all: true },
  })
  const learners = new Map(counts.map((c) => [c.courseId, c._count._all]))
  return {
    courses: courses.map((c) => ({
      id: c.id,
      status: c.status,
      title: c.title[lang],
      learners: learners.get(c.id) ?? 0,
    })),
  }
}

export default function TeachPage() {
  const { courses } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const lang = useLang()
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <h1 className="text-3xl font-bold">{t('teach.title')}</h1>
      <p className="mt-2 text-slate-700">{t('teach.intro')}</p>
      {courses.length === 0 ? (
        <p className="mt-6">{t('teach.none')}</p>
      ) : (
        <table className="mt-6 w-full border-collapse text-left">
          <caption className="sr-only">{t('teach.title')}</caption>
          <ColumnHeads
            columns={[
              t('teach.course'),
              t('teach.status'),
              { label: t('teach.learners'), className: 'py-2 text-right' },
            ]}
          />
          <tbody>
            {courses.map((c) => (
              <tr key={c.id} className="border-b border-slate-200">
                <td className="py-2">
                  <Link to={`/${lang}/teach/${c.id}`} className="text-brand-700 font-medium underline">
                    {c.title}
                  </Link>
                </td>
                <td className="py-2">{t(`teach.statuses.${c.status}`)}</td>
                <td className="py-2 text-right">{c.learners}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
