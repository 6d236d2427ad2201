// A course: what it teaches, its syllabus with minutes, its trainers and price.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { isCourseStaff, lessonAccess, requireVisibleCourse } from '#app/models/course.server.ts'
import { enrolFree, findEnrollment } from '#app/models/progress.server.ts'
import { getUser, requireUser } from '#app/utils/auth.server.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { formatPrice } from '#app/utils/format.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/route.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.course.title} · Aula` }, { name: 'description', content: data.course.summary }] : []

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await getUser(request)
  const course = requireVisibleCourse(user, params.course)
  const [trainers, enrollment] = await Promise.all([
    prisma.user.findMany({ where: { email: { in: course.trainers }, deletedAt: null }, select: { displayName: true, organisation: true } }),
    user ? findEnrollment(user.id, course.id) : null,
  ])
  const access = lessonAccess(user, course, enrollment)
  const first = course.modules[0]?.lessons[0]
  return {
    locale: formattingLocale(lang, user?.country),
    preview: course.status === 'draft' && isCourseStaff(user, course),
    access,
    signedIn: Boolean(user),
    enrolled: Boolean(enrollment && enrollment.status !== 'cancelled'),
    resume: enrollment?.lastLessonId ?? null,
    firstLesson: first ? `${course.modules[0]!.slug}/${first.slug}` : null,
    trainers,
    course: {
      id: course.id,
      title: course.title[lang],
      summary: course.summary[lang],
      outcomes: course.outcomes[lang],
      level: course.level,
      hours: course.hours,
      priceCents: course.priceCents,
      currency: course.currency,
      modules: course.modules.map((m) => ({
        slug: m.slug,
        title: m.title[lang],
        summary: m.summary[lang],
        minutes: m.lessons.reduce((n, l) => n + l.locales[lang].minutes, 0),
        lessons: m.lessons.map((l) => ({ slug: l.slug, title: l.locales[lang].title, minutes: l.locales[lang].minutes })),
      })),
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const user = await requireUser(request)
  const course = requireVisibleCourse(user, params.course)
  const intent = z.literal('enrol').safeParse((await request.formData()).get('intent'))
  if (!intent.success) return data({ error: 'quiz:errors.bad-request' }, { status: 400 })
  // Paid courses are enrolled through payment, a waiver or an administrator.
  if (course.priceCents > 0) return data({ error: 'quiz:errors.paid' }, { status: 403 })
  await enrolFree(user.id, course)
  throw redirect(`/${lang}/courses/${course.id}`, { headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'quiz:enrolled' }) } })
}

export default function CoursePage() {
  const { course, trainers, locale, preview, access, firstLesson, signedIn, enrolled, resume } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation('catalog')
  const lang = i18n.language
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      {preview ? <p role="note" className="mb-6 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">{t('previewBanner')}</p> : null}
      <nav aria-label={t('breadcrumb')} className="text-sm">
        <Link to={`/${lang}/courses`} className="text-brand-700 underline">{t('title')}</Link>
      </nav>
      <div className="mt-4 grid gap-10 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <h1 className="text-3xl font-bold">{course.title}</h1>
          <p className="mt-4 text-lg text-slate-800">{course.summary}</p>
          <section aria-labelledby="outcomes-heading" className="mt-8">
            <h2 id="outcomes-heading" className="text-xl font-semibold">{t('outcomes')}</h2>
            <ul className="mt-3 list-disc space-y-1 pl-6">
              {course.outcomes.map((o) => <li key={o}>{o}</li>)}
            </ul>
          </section>
          <section aria-labelledby="syllabus-heading" className="mt-10">
            <h2 id="syllabus-heading" className="text-xl font-semibold">{t('syllabus')}</h2>
            <ol className="mt-4 space-y-6">
              {course.modules.map((m, i) => (
                <li key={m.slug} className="rounded-md border border-slate-200 p-4">
                  <h3 className="font-semibold">{t('moduleN', { n: i + 1 })}: {m.title}</h3>
                  <p className="mt-1 text-sm text-slate-700">{m.summary} · {t('minutes', { count: m.minutes })}</p>
                  <ol className="mt-3 space-y-1">
                    {m.lessons.map((l) => (
                      <li key={l.slug} className="flex justify-between gap-4">
                        <Link to={`/${lang}/courses/${course.id}/${m.slug}/${l.slug}`} className="text-brand-700 hover:underline">{l.title}</Link>
                        <span className="shrink-0 text-sm text-slate-600">{t('minutes', { count: l.minutes })}</span>
                      </li>
                    ))}
                  </ol>
                </li>
              ))}
            </ol>
          </section>
        </div>
        <aside className="space-y-6">
          <div className="rounded-lg border border-slate-200 p-5">
            <p className="text-2xl font-bold">{course.priceCents === 0 ? t('free') : formatPrice(locale, course.priceCents, course.currency)}</p>
            <dl className="mt-3 space-y-1 text-sm text-slate-700">
              <div className="flex justify-between"><dt>{t('level')}</dt><dd>{t(`levels.${course.level}`)}</dd></div>
              <div className="flex justify-between"><dt>{t('duration')}</dt><dd>{t('hours', { count: course.hours })}</dd></div>
            </dl>
            {access === 'locked' ? (
              <p className="mt-4 text-sm text-slate-800">{signedIn ? t('paidHowToEnrol') : t('paidLogIn')}</p>
            ) : firstLesson ? (
              <div className="mt-4 space-y-2">
                {signedIn && !enrolled && course.priceCents === 0 ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="enrol" />
                    <button type="submit" className="block w-full rounded-md bg-brand-800 px-4 py-2 text-center font-medium text-white hover:bg-brand-700">{t('enrolFree')}</button>
                  </Form>
                ) : null}
                <Link to={`/${lang}/courses/${course.id}/${resume ?? firstLesson}`} className="block rounded-md bg-brand-600 px-4 py-2 text-center font-medium text-white hover:bg-brand-700">
                  {resume ? t('resume') : t('start')}
                </Link>
              </div>
            ) : null}
          </div>
          {trainers.length ? (
            <section aria-labelledby="trainers-heading">
              <h2 id="trainers-heading" className="font-semibold">{t('trainers')}</h2>
              <ul className="mt-2 space-y-1 text-sm">
                {trainers.map((tr) => <li key={tr.displayName}>{tr.displayName}{tr.organisation ? ` — ${tr.organisation}` : ''}</li>)}
              </ul>
            </section>
          ) : null}
        </aside>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
