// The catalogue: filter by topic, level and price; search titles and summaries ignoring case
// and accents, and the lessons' text in the page's language (app/content/search.server.ts), with
// the matching passage and a link to its section. Everything is in the compiled content: no
// database query, except the learner's enrolments when a paid course could match.
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getUser } from '#app/accounts/auth.server.ts'
import { foldForSearch, lessonAccess, visibleCourses } from '#app/content/access.server.ts'
import { conventionOfRequest, readerConventionHeaders } from '#app/content/catalog.server.ts'
import { type NumberConvention } from '#app/content/numbers.ts'
import { COURSE_LEVELS, COURSE_TOPICS } from '#app/content/schema.ts'
import { searchLessons } from '#app/content/search.server.ts'
import { useLang } from '#app/root.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { formatPrice } from '#app/utils/format.ts'
import { formattingLocale, type Lang } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { parseQuery, SearchSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'catalog:title', 'catalog:description')

/** Numbers in the reader's convention: the page may vary by Accept-Language (ADR 030). */
export const headers = readerConventionHeaders

// Unknown filter values are ignored rather than refused: a shared link keeps working.
const FiltersSchema = z.object({
  q: SearchSchema.catch(''),
  topic: z.enum(COURSE_TOPICS).optional().catch(undefined),
  level: z.enum(COURSE_LEVELS).optional().catch(undefined),
  price: z.enum(['free', 'paid']).optional().catch(undefined),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await getUser(request)
  const url = new URL(request.url)
  const parsed = parseQuery(url, FiltersSchema)
  const filters = parsed.success ? parsed.data : { q: '' }
  const words = foldForSearch(filters.q).split(/\s+/).filter(Boolean)
  const courses = visibleCourses(user)
    .filter((c) => !filters.topic || c.topics.includes(filters.topic))
    .filter((c) => !filters.level || c.level === filters.level)
    .filter((c) => !filters.price || (filters.price === 'free' ? c.priceCents === 0 : c.priceCents > 0))
    .filter((c) => {
      if (!words.length) return true
      // Both languages: a Spanish speaker searching an English title still finds it.
      const text = foldForSearch([c.title.en, c.title.es, c.summary.en, c.summary.es].join(' '))
      return words.every((w) => text.includes(w))
    })
    .map((c) => ({
      id: c.id,
      status: c.status,
      title: c.title[lang],
      summary: c.summary[lang],
      level: c.level,
      hours: c.hours,
      topics: c.topics,
      priceCents: c.priceCents,
      currency: c.currency,
      lessons: c.modules.reduce((n, m) => n + m.lessons.length, 0),
    }))
  const { convention, fromHeader } = conventionOfRequest(request, lang, user?.country)
  const lessons = await lessonHits(user, filters.q, lang, convention)
  const payload = { filters, courses, lessons, locale: formattingLocale(lang, user?.country) }
  return data(payload, fromHeader && lessons.length ? { headers: { Vary: 'Accept-Language' } } : undefined)
}

/**
 * Lesson passages matching the query, in the page's language, from the lessons this person may
 * read: published courses (drafts for their staff), and a paid course's only when enrolled.
 */
async function lessonHits(
  user: Awaited<ReturnType<typeof getUser>>,
  q: string,
  lang: Lang,
  convention: NumberConvention,
) {
  if (!foldForSearch(q).trim()) return []
  const visible = new Map(visibleCourses(user).map((c) => [c.id, c]))
  const enrolled =
    user && [...visible.values()].some((c) => c.priceCents > 0)
      ? new Set(
          (
            await prisma.enrolment.findMany({
              where: { userId: user.id, status: { not: 'cancelled' } },
              select: { courseId: true },
            })
          ).map((e) => e.courseId),
        )
      : new Set<string>()
  const readable = (courseId: string) => {
    const course = visible.get(courseId)
    return Boolean(
      course && lessonAccess(user, course, enrolled.has(courseId) ? { status: 'active' } : null) !== 'locked',
    )
  }
  return searchLessons(q, lang, convention, readable).map((hit) => ({
    ...hit,
    courseTitle: visible.get(hit.courseId)!.title[lang],
    href: `/${lang}/courses/${hit.courseId}/${hit.lessonId}${hit.anchor ? `#${hit.anchor}` : ''}`,
  }))
}

export default function CatalogPage() {
  const { filters, courses, lessons, locale } = useLoaderData<typeof loader>()
  const { t } = useTranslation('catalog')
  const lang = useLang()
  const select = 'rounded-md border border-slate-400 bg-white px-3 py-2'
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <h1 className="text-3xl font-bold">{t('title')}</h1>
      <p className="mt-2 max-w-3xl text-slate-700">{t('intro')}</p>
      <Form
        method="get"
        role="search"
        aria-label={t('filters')}
        className="mt-6 grid gap-3 rounded-md bg-slate-50 p-4 sm:grid-cols-2 lg:grid-cols-5"
      >
        <div className="lg:col-span-2">
          <label htmlFor="q" className="mb-1 block text-sm font-medium">
            {t('search')}
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={filters.q}
            placeholder={t('searchPlaceholder')}
            className={`${select} w-full`}
          />
        </div>
        <div>
          <label htmlFor="topic" className="mb-1 block text-sm font-medium">
            {t('topic')}
          </label>
          <select id="topic" name="topic" defaultValue={filters.topic ?? ''} className={`${select} w-full`}>
            <option value="">{t('all')}</option>
            {COURSE_TOPICS.map((topic) => (
              <option key={topic} value={topic}>
                {t(`topics.${topic}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="level" className="mb-1 block text-sm font-medium">
            {t('level')}
          </label>
          <select id="level" name="level" defaultValue={filters.level ?? ''} className={`${select} w-full`}>
            <option value="">{t('all')}</option>
            {COURSE_LEVELS.map((level) => (
              <option key={level} value={level}>
                {t(`levels.${level}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="price" className="mb-1 block text-sm font-medium">
            {t('price')}
          </label>
          <select id="price" name="price" defaultValue={filters.price ?? ''} className={`${select} w-full`}>
            <option value="">{t('all')}</option>
            <option value="free">{t('free')}</option>
            <option value="paid">{t('paid')}</option>
          </select>
        </div>
        <div className="sm:col-span-2 lg:col-span-5">
          <button type="submit" className="bg-brand-600 hover:bg-brand-700 rounded-md px-4 py-2 font-medium text-white">
            {t('apply')}
          </button>
        </div>
      </Form>
      <p className="mt-6 text-sm text-slate-700" aria-live="polite">
        {t('count', { count: courses.length })}
      </p>
      <ul className="mt-4 grid gap-6 md:grid-cols-2 lg:grid-cols-3">
        {courses.map((c) => (
          <li key={c.id} className="flex flex-col rounded-lg border border-slate-200 p-5">
            {c.status === 'draft' ? (
              <p className="mb-2 w-fit rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
                {t('draft')}
              </p>
            ) : null}
            <h2 className="text-lg font-semibold">
              <Link to={`/${lang}/courses/${c.id}`} className="text-brand-800 hover:underline">
                {c.title}
              </Link>
            </h2>
            <p className="mt-2 flex-1 text-slate-700">{c.summary}</p>
            <dl className="mt-4 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
              <div>
                <dt className="sr-only">{t('level')}</dt>
                <dd>{t(`levels.${c.level}`)}</dd>
              </div>
              <div>
                <dt className="sr-only">{t('duration')}</dt>
                <dd>{t('hours', { count: c.hours })}</dd>
              </div>
              <div>
                <dt className="sr-only">{t('lessonsLabel')}</dt>
                <dd>{t('lessons', { count: c.lessons })}</dd>
              </div>
              <div>
                <dt className="sr-only">{t('price')}</dt>
                <dd className="font-semibold">
                  {c.priceCents === 0 ? t('free') : formatPrice(locale, c.priceCents, c.currency)}
                </dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
      {courses.length === 0 ? <p className="mt-4">{t('noResults')}</p> : null}
      {filters.q ? (
        <section aria-labelledby="lesson-results" className="mt-10">
          <h2 id="lesson-results" className="text-xl font-semibold">
            {t('lessonResults.heading')}
          </h2>
          <p className="mt-1 text-sm text-slate-700">
            {lessons.length ? t('lessonResults.count', { count: lessons.length }) : t('lessonResults.none')}
          </p>
          <ol className="mt-4 space-y-4">
            {lessons.map((hit) => (
              <li
                key={`${hit.courseId}/${hit.lessonId}`}
                data-testid="lesson-hit"
                className="rounded-md border border-slate-200 p-4"
              >
                <p className="text-sm text-slate-700">{hit.courseTitle}</p>
                <p className="font-semibold">
                  <Link to={hit.href} className="text-brand-700 underline">
                    {hit.lessonTitle}
                    {hit.heading ? ` — ${hit.heading}` : ''}
                  </Link>
                </p>
                <p className="mt-1 text-slate-800">
                  {hit.passage.before}
                  <mark className="rounded bg-amber-100 px-0.5 text-slate-900">{hit.passage.match}</mark>
                  {hit.passage.after}
                </p>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  )
}
