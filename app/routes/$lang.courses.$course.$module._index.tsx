// A whole module on one page, made for printing: every lesson's text in order, worked-example
// solutions open, quizzes replaced by a pointer to the lesson where they are answered online.
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getUser } from '#app/accounts/auth.server.ts'
import { OnlyInBadge } from '#app/components/lesson-badges.tsx'
import { useOpenSolutionsForPrint } from '#app/components/print-solutions.ts'
import { sendOnce, StaticHtml } from '#app/components/static-html.tsx'
import { isSlugParam, lessonAccess, lockedLessonPath, requireVisibleCourse } from '#app/content/access.server.ts'
import {
  conventionOfRequest,
  lessonHtmlFile,
  lessonHtmlParts,
  readerConventionHeaders,
} from '#app/content/catalog.server.ts'
import { contentLang } from '#app/content/manifest.ts'
import { findEnrolment } from '#app/progress/progress.server.ts'
import { useLang } from '#app/root.tsx'
import { appUrl } from '#app/utils/env.server.ts'
import { langParam } from '#app/utils/lang.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.module.title} · ${data.course.title} · Aula` },
        { name: 'description', content: data.module.summary },
      ]
    : []

/**
 * Ids inside one lesson's HTML (section headings, tooltips made at build time) repeat from one
 * lesson to the next: each lesson's get a prefix of their own, with the references to them.
 */
function prefixIds(html: string, prefix: string): string {
  return html
    .replace(/\b(id|for|aria-describedby|aria-labelledby)="([^"]+)"/g, (_, name: string, value: string) =>
      name === 'id' || name === 'for'
        ? `${name}="${prefix}${value}"`
        : `${name}="${value
            .split(/\s+/)
            .map((v) => prefix + v)
            .join(' ')}"`,
    )
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}${id}"`)
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await getUser(request)
  const course = requireVisibleCourse(user, params.course)
  const module = isSlugParam(params.module) ? course.modules.find((m) => m.slug === params.module) : undefined
  if (!module || !module.lessons.length) throw new Response('Not found', { status: 404 })
  const enrolment = user ? await findEnrolment(user.id, course.id) : null
  if (lessonAccess(user, course, enrolment) === 'locked')
    throw redirect(lockedLessonPath(lang, course.id, module.lessons[0]!.id))
  const number = course.modules.indexOf(module) + 1
  // Each lesson in the reader's number convention (ADR 030): a pre-rendered file per convention.
  const { convention, fromHeader } = conventionOfRequest(request, lang, user?.country)
  const payload = {
    course: { id: course.id, title: course.title[lang] },
    module: { slug: module.slug, number, title: module.title[lang], summary: module.summary[lang] },
    lessons: module.lessons.map((lesson, i) => {
      const locale = lesson.locales[lang]
      return {
        slug: lesson.slug,
        title: locale.title,
        lang: contentLang(lesson, lang),
        minutes: locale.minutes,
        href: `/${lang}/courses/${course.id}/${lesson.id}`,
        url: appUrl(`/${lang}/courses/${course.id}/${lesson.id}`),
        // The lessons' text as markup only on a document request (StaticHtml: sent once).
        parts: lessonHtmlParts(lessonHtmlFile(locale, convention)).map((part, j) =>
          'html' in part ? sendOnce(context, `${lesson.id}#${j}`, prefixIds(part.html, `l${i + 1}-`)) : part,
        ),
      }
    }),
  }
  const variesByHeader = fromHeader && module.lessons.some((l) => l.locales[lang].htmlByConvention)
  return data(payload, variesByHeader ? { headers: { Vary: 'Accept-Language' } } : undefined)
}

/** Numbers in the reader's convention: the page may vary by Accept-Language (ADR 030). */
export const headers = readerConventionHeaders

export default function ModulePage() {
  const { course, module, lessons } = useLoaderData<typeof loader>()
  const { t } = useTranslation(['lesson', 'catalog'])
  const lang = useLang()
  useOpenSolutionsForPrint()
  return (
    <div className="mx-auto max-w-4xl px-4 py-8">
      <nav aria-label={t('catalog:breadcrumb')} className="text-sm">
        <Link to={`/${lang}/courses/${course.id}`} className="text-brand-700 underline">
          {course.title}
        </Link>
      </nav>
      <p className="mt-4 text-sm text-slate-700">{t('catalog:moduleN', { n: module.number })}</p>
      <h1 className="mt-1 text-3xl font-bold">{module.title}</h1>
      <p className="mt-2 text-slate-800">{module.summary}</p>
      <div className="no-print mt-4 flex flex-wrap items-center gap-4">
        <button
          type="button"
          onClick={() => window.print()}
          className="bg-brand-600 hover:bg-brand-700 rounded-md px-4 py-2 font-medium text-white"
        >
          {t('printThisModule')}
        </button>
        <p className="text-sm text-slate-700">{t('printHelp')}</p>
      </div>
      <section aria-labelledby="module-contents" className="mt-6 rounded-md border border-slate-200 p-4">
        <h2 id="module-contents" className="font-semibold">
          {t('moduleContents')}
        </h2>
        <ol className="mt-2 list-decimal space-y-1 pl-6">
          {lessons.map((l) => (
            <li key={l.slug}>
              <a
                href={`#lesson-${l.slug}`}
                className="text-brand-700 underline"
                lang={l.lang !== lang ? l.lang : undefined}
              >
                {l.title}
              </a>
              {l.lang !== lang ? <OnlyInBadge /> : null}{' '}
              <span className="text-sm text-slate-600">({t('readingTime', { count: l.minutes })})</span>
            </li>
          ))}
        </ol>
      </section>
      {lessons.map((l, i) => (
        <article
          key={l.slug}
          aria-labelledby={`lesson-${l.slug}`}
          className={`mt-12 border-t border-slate-300 pt-8 ${i > 0 ? 'print-page-break' : ''}`}
        >
          <h2 id={`lesson-${l.slug}`} className="text-2xl font-bold">
            {t('position', { index: i + 1, total: lessons.length })}:{' '}
            <span lang={l.lang !== lang ? l.lang : undefined}>{l.title}</span>
          </h2>
          {l.lang !== lang ? <p className="mt-1 text-sm text-amber-950">{t('untranslated.heading')}</p> : null}
          <p className="no-print mt-1 text-sm">
            <Link to={l.href} className="text-brand-700 underline">
              {t('openLesson')}
            </Link>
          </p>
          <div className="lesson-prose mt-4">
            {l.parts.map((part, j) =>
              'quiz' in part ? (
                <p key={j} className="rounded-md border border-dashed border-slate-400 p-3 text-sm">
                  {t('quizOnline')} <span className="font-medium break-all">{l.url}</span>
                </p>
              ) : (
                <StaticHtml key={j} piece={part} lang={l.lang !== lang ? l.lang : undefined} />
              ),
            )}
          </div>
        </article>
      ))}
    </div>
  )
}
