import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { visibleCourses } from '#app/content/access.server.ts'
import { useLang, useRootData } from '#app/root.tsx'
import { pageMeta } from '#app/utils/meta.ts'
import { langParam } from '#app/utils/lang.server.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'home:metaTitle', 'home:metaDescription')

const AUDIENCES = ['nso', 'police', 'policy', 'research', 'civil'] as const
const STEPS = ['learn', 'practise', 'certify'] as const

/** Every published course, from the compiled manifest (no query): the same list for everyone. */
export function loader({ params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  return {
    courses: visibleCourses(null).map((c) => ({ id: c.id, title: c.title[lang], summary: c.summary[lang] })),
  }
}

export default function HomePage() {
  const { courses } = useLoaderData<typeof loader>()
  const { t } = useTranslation('home')
  const lang = useLang()
  const root = useRootData()
  return (
    <>
      <section className="bg-brand-50">
        <div className="mx-auto max-w-6xl px-4 py-16">
          <h1 className="max-w-3xl text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">{t('hero.title')}</h1>
          <p className="mt-6 max-w-2xl text-lg text-slate-800">{t('hero.body')}</p>
          <div className="mt-8 flex flex-wrap gap-3">
            <Link
              to={`/${lang}/courses`}
              className="bg-brand-800 hover:bg-brand-700 rounded-md px-5 py-3 font-medium text-white"
            >
              {t('hero.browse')}
            </Link>
            {root?.user ? (
              <Link
                to={`/${lang}/dashboard`}
                className="bg-brand-600 hover:bg-brand-700 rounded-md px-5 py-3 font-medium text-white"
              >
                {t('hero.dashboard')}
              </Link>
            ) : (
              <>
                <Link
                  to={`/${lang}/signup`}
                  className="bg-brand-600 hover:bg-brand-700 rounded-md px-5 py-3 font-medium text-white"
                >
                  {t('hero.signup')}
                </Link>
                <Link
                  to={`/${lang}/login`}
                  className="border-brand-600 text-brand-700 hover:bg-brand-50 rounded-md border bg-white px-5 py-3 font-medium"
                >
                  {t('hero.login')}
                </Link>
              </>
            )}
          </div>
        </div>
      </section>

      <section aria-labelledby="audience-heading" className="mx-auto max-w-6xl px-4 py-12">
        <h2 id="audience-heading" className="text-2xl font-bold">
          {t('audience.title')}
        </h2>
        <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {AUDIENCES.map((key) => (
            <li key={key} className="rounded-lg border border-slate-200 p-5">
              <h3 className="font-semibold">{t(`audience.${key}.title`)}</h3>
              <p className="mt-2 text-slate-700">{t(`audience.${key}.body`)}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="topics-heading" className="bg-slate-50">
        <div className="mx-auto max-w-6xl px-4 py-12">
          <h2 id="topics-heading" className="text-2xl font-bold">
            {t('topics.title')}
          </h2>
          <ul className="mt-6 grid gap-4 md:grid-cols-2">
            {courses.map((course) => (
              <li key={course.id} className="rounded-lg border border-slate-200 bg-white p-5">
                <h3 className="font-semibold">
                  <Link to={`/${lang}/courses/${course.id}`} className="text-brand-700 underline">
                    {course.title}
                  </Link>
                </h3>
                <p className="mt-2 text-slate-700">{course.summary}</p>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section aria-labelledby="how-heading" className="mx-auto max-w-6xl px-4 py-12">
        <h2 id="how-heading" className="text-2xl font-bold">
          {t('how.title')}
        </h2>
        <ol className="mt-6 grid gap-4 md:grid-cols-3">
          {STEPS.map((key, index) => (
            <li key={key} className="rounded-lg border border-slate-200 p-5">
              <p className="text-brand-700 text-sm font-semibold">{t('how.step', { n: index + 1 })}</p>
              <h3 className="mt-1 font-semibold">{t(`how.${key}.title`)}</h3>
              <p className="mt-2 text-slate-700">{t(`how.${key}.body`)}</p>
            </li>
          ))}
        </ol>
      </section>
    </>
  )
}
