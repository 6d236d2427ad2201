// A course's outline in the Studio: its modules and lessons as the files have them (draft lessons
// included), each lesson's text per language (published, not written yet), whether a draft is
// being written, and whether one language may be out of date (changed before the other's last change). The course's trainers and administrators only (requireTaughtCourse: 404, 403).
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '#app/accounts/auth.server.ts'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { LOCALES } from '#app/content/load.server.ts'
import { useLang } from '#app/root.tsx'
import { draftsOfCourse } from '#app/studio/drafts.server.ts'
import { studioCourseSource } from '#app/studio/studio.server.ts'
import { translationStatus } from '#app/studio/translation-status.server.ts'
import { requireTaughtCourse } from '#app/teaching/teach.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'studio:title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const source = studioCourseSource(course.id)
  const [drafts, translations] = await Promise.all([draftsOfCourse(course.id), translationStatus(source)])
  return {
    course: { id: course.id, title: course.title[lang] },
    locale: formattingLocale(lang, user.country),
    modules: source.modules.map((m) => ({
      slug: m.slug,
      order: m.order,
      title: m.meta?.title[lang] ?? m.slug,
      lessons: m.lessons.map((l) => ({
        id: l.id,
        slug: l.slug,
        title: l.files[lang]?.frontmatter?.title ?? l.files.en?.frontmatter?.title ?? l.slug,
        locales: LOCALES.map((locale) => {
          const behind = translations.get(l.id)
          return {
            locale,
            state: drafts.get(l.id)?.includes(locale) ? 'draft' : l.files[locale] ? 'published' : 'missing',
            // The other language changed after this one was last updated.
            behindSince: behind?.locale === locale ? behind.since.toISOString() : null,
          }
        }),
      })),
    })),
  }
}

export default function StudioCoursePage() {
  const { course, modules, locale } = useLoaderData<typeof loader>()
  const { t } = useTranslation('studio')
  const lang = useLang()
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <p>
        <Link to={`/${lang}/studio`} className="text-brand-700 underline">
          {t('outline.back')}
        </Link>
      </p>
      <h1 className="mt-4 text-3xl font-bold">{t('outline.title', { course: course.title })}</h1>
      <p className="mt-2 text-slate-700">{t('outline.intro')}</p>
      {modules.map((m) => (
        <section key={m.slug} className="mt-8" aria-labelledby={`module-${m.slug}`}>
          <h2 id={`module-${m.slug}`} className="text-xl font-semibold">
            {t('outline.module', { number: m.order, title: m.title })}
          </h2>
          <table className="mt-3 w-full border-collapse text-left">
            <caption className="sr-only">{t('outline.module', { number: m.order, title: m.title })}</caption>
            <ColumnHeads
              columns={[
                t('outline.lesson'),
                t('outline.english'),
                t('outline.spanish'),
                <span key="edit" className="sr-only">
                  {t('outline.edit')}
                </span>,
              ]}
            />
            <tbody>
              {m.lessons.map((l) => (
                <tr key={l.id} className="border-b border-slate-200">
                  <td className="py-2">{l.title}</td>
                  {l.locales.map((s) => (
                    <td key={s.locale} className="py-2">
                      {t(`outline.${s.state}`)}
                      {s.behindSince ? (
                        <span className="mt-1 block text-sm font-medium text-amber-900">
                          {t(`outline.behind.${s.locale}`, { date: date.format(new Date(s.behindSince)) })}
                        </span>
                      ) : null}
                    </td>
                  ))}
                  <td className="py-2 text-right">
                    <Link
                      to={`/${lang}/studio/${course.id}/${l.id}`}
                      className="text-brand-700 font-medium underline"
                      aria-label={t('outline.editLesson', { lesson: l.title })}
                    >
                      {t('outline.edit')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  )
}
