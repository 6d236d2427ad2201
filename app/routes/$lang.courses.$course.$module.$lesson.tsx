// The lesson reader: the compiled lesson (a hash-named module, never compiled here), the
// syllabus beside it, previous/next, reading time, and a clean printed page.
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, type ClientLoaderFunctionArgs } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { LessonContext, mdxComponents } from '#app/components/mdx/index.tsx'
import { getLessonComponent, importLesson, registerLesson } from '#app/components/mdx/lesson-registry.ts'
import { loadLessonModule } from '#app/content/catalog.server.ts'
import { isSlugParam, lessonAccess, requireVisibleCourse } from '#app/models/course.server.ts'
import { getUser } from '#app/utils/auth.server.ts'
import { langParam } from '#app/utils/route.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.lesson.title} · ${data.course.title} · Aula` }, { name: 'description', content: data.lesson.summary }] : []

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await getUser(request)
  const course = requireVisibleCourse(user, params.course)
  if (!isSlugParam(params.module) || !isSlugParam(params.lesson)) throw new Response('Not found', { status: 404 })
  const flat = course.modules.flatMap((m) => m.lessons.map((l) => ({ module: m, lesson: l })))
  const index = flat.findIndex((e) => e.module.slug === params.module && e.lesson.slug === params.lesson)
  if (index === -1) throw new Response('Not found', { status: 404 })
  const access = await lessonAccess(user, course)
  if (access === 'locked') throw new Response('Enrolment required', { status: 403 })
  const { module, lesson } = flat[index]!
  const locale = lesson.locales[lang]
  registerLesson(locale.module, (await loadLessonModule(locale.module)).default)
  const link = (e: (typeof flat)[number] | undefined) =>
    e ? { href: `/${lang}/courses/${course.id}/${e.module.slug}/${e.lesson.slug}`, title: e.lesson.locales[lang].title } : null
  return {
    preview: course.status === 'draft',
    course: { id: course.id, title: course.title[lang] },
    module: { slug: module.slug, title: module.title[lang] },
    lesson: { id: lesson.id, title: locale.title, summary: locale.summary, minutes: locale.minutes, module: locale.module },
    glossary: Object.fromEntries(locale.keyTerms.map((id) => [id, course.glossary[id]![lang]])),
    previous: link(flat[index - 1]),
    next: link(flat[index + 1]),
    position: { index: index + 1, total: flat.length },
    syllabus: course.modules.map((m) => ({
      slug: m.slug,
      title: m.title[lang],
      lessons: m.lessons.map((l) => ({ slug: l.slug, title: l.locales[lang].title, current: m.slug === module.slug && l.slug === lesson.slug })),
    })),
  }
}

// Client-side navigation: fetch the data, then import the lesson module before rendering.
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const data = await serverLoader<typeof loader>()
  await importLesson(data.lesson.module)
  return data
}

export default function LessonPage() {
  const data = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation('lesson')
  const lang = i18n.language
  const Lesson = getLessonComponent(data.lesson.module)
  return (
    <div className="mx-auto max-w-6xl px-4 py-8">
      {/* entry.client imports announced lesson modules before hydrating. */}
      <link rel="modulepreload" href={data.lesson.module} data-lesson="" />
      {data.preview ? <p role="note" className="no-print mb-6 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">{t('previewBanner')}</p> : null}
      <div className="grid gap-10 lg:grid-cols-[16rem_1fr]">
        <nav aria-label={t('syllabus')} className="no-print order-2 lg:order-1">
          <p className="font-semibold">
            <Link to={`/${lang}/courses/${data.course.id}`} className="text-brand-800 hover:underline">{data.course.title}</Link>
          </p>
          <ol className="mt-4 space-y-4 text-sm">
            {data.syllabus.map((m) => (
              <li key={m.slug}>
                <p className="font-medium text-slate-900">{m.title}</p>
                <ol className="mt-1 space-y-1 border-l border-slate-200 pl-3">
                  {m.lessons.map((l) => (
                    <li key={l.slug}>
                      <Link
                        to={`/${lang}/courses/${data.course.id}/${m.slug}/${l.slug}`}
                        aria-current={l.current ? 'page' : undefined}
                        className={l.current ? 'font-semibold text-slate-900' : 'text-brand-700 hover:underline'}
                      >
                        {l.title}
                      </Link>
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        </nav>
        <article className="order-1 min-w-0 lg:order-2">
          <p className="text-sm text-slate-700">
            {data.module.title} · {t('position', { index: data.position.index, total: data.position.total })} · {t('readingTime', { count: data.lesson.minutes })}
          </p>
          <h1 className="mt-2 text-3xl font-bold">{data.lesson.title}</h1>
          <div className="lesson-prose mt-6">
            <LessonContext.Provider value={{ glossary: data.glossary }}>
              {Lesson ? <Lesson components={mdxComponents} /> : <p>{t('loading')}</p>}
            </LessonContext.Provider>
          </div>
          <nav aria-label={t('pager')} className="no-print mt-12 flex flex-wrap justify-between gap-4 border-t border-slate-200 pt-6">
            {data.previous ? (
              <Link to={data.previous.href} rel="prev" className="text-brand-700 hover:underline">← {t('previous')}: {data.previous.title}</Link>
            ) : <span />}
            {data.next ? (
              <Link to={data.next.href} rel="next" className="text-right text-brand-700 hover:underline">{t('next')}: {data.next.title} →</Link>
            ) : null}
          </nav>
        </article>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
