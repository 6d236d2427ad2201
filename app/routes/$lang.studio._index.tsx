// The Studio (ADR 034 §3): the courses this person may edit in the browser. An administrator edits
// every course, a trainer those isCourseStaff allows; a learner gets a 403, anyone signed out the
// log-in.
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '#app/accounts/auth.server.ts'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { useLang } from '#app/root.tsx'
import { editableCourses, studioCourseSource } from '#app/studio/studio.server.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'studio:title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  return {
    courses: await Promise.all(
      editableCourses(user).map(async (c) => ({
        id: c.id,
        title: c.title[lang],
        status: c.status,
        lessons: (await studioCourseSource(c.id)).modules.reduce((n, m) => n + m.lessons.length, 0),
      })),
    ),
  }
}

export default function StudioPage() {
  const { courses } = useLoaderData<typeof loader>()
  const { t } = useTranslation('studio')
  const lang = useLang()
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <h1 className="text-3xl font-bold">{t('title')}</h1>
      <p className="mt-2 text-slate-700">{t('intro')}</p>
      {courses.length === 0 ? (
        <p className="mt-6">{t('none')}</p>
      ) : (
        <table className="mt-6 w-full border-collapse text-left">
          <caption className="sr-only">{t('title')}</caption>
          <ColumnHeads columns={[t('course'), t('status'), { label: t('lessons'), className: 'py-2 text-right' }]} />
          <tbody>
            {courses.map((c) => (
              <tr key={c.id} className="border-b border-slate-200">
                <td className="py-2">
                  <Link to={`/${lang}/studio/${c.id}`} className="text-brand-700 font-medium underline">
                    {c.title}
                  </Link>
                </td>
                <td className="py-2">{t(`statuses.${c.status}`)}</td>
                <td className="py-2 text-right">{c.lessons}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
