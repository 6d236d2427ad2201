// A course: what it teaches, its syllabus with minutes, its trainers and price.
import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getUser, requireUser } from '#app/accounts/auth.server.ts'
import { CertificatePreparing, useRefreshWhilePreparing } from '#app/certificates/certificate-preparing.tsx'
import { certificateState } from '#app/certificates/lookup.server.ts'
import { ErrorList, FormError, pageErrorsOf, replyFor } from '#app/components/forms.tsx'
import { AddedAfterCompletionBadge, OnlyInBadge } from '#app/components/lesson-badges.tsx'
import { PageSection } from '#app/components/page-section.tsx'
import { isCourseStaff, lessonAccess, requireVisibleCourse } from '#app/content/access.server.ts'
import { contentLang } from '#app/content/manifest.ts'
import { enrol } from '#app/enrolment/enrol.server.ts'
import { findPendingRequest, requestEnrolment } from '#app/payments/requests.server.ts'
import { createCheckoutSession } from '#app/payments/stripe.server.ts'
import { courseProgress, findEnrolment } from '#app/progress/progress.server.ts'
import { useLang } from '#app/root.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { paymentsMode } from '#app/utils/env.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formatPrice } from '#app/utils/format.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { MAX_MESSAGE_LENGTH } from '#app/utils/limits.ts'
import { logger } from '#app/utils/logger.server.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { intent, intents, parseForm, textSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.course.title} · Aula` }, { name: 'description', content: data.course.summary }] : []

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await getUser(request)
  const course = requireVisibleCourse(user, params.course)
  const [trainers, enrolment, pendingRequest] = await Promise.all([
    prisma.user.findMany({
      // The course's trainers (CourseTrainer, by its key), as the console assigned them.
      where: { coursesTaught: { some: { courseId: course.id } }, role: { in: ['trainer', 'admin'] }, deletedAt: null },
      select: { displayName: true, organisation: true },
      orderBy: { displayName: 'asc' },
    }),
    user ? findEnrolment(user.id, course.id) : null,
    user && course.priceCents > 0 ? findPendingRequest(user.id, course.id) : null,
  ])
  const access = lessonAccess(user, course, enrolment)
  const first = course.modules[0]?.lessons[0]
  // A completed course: its certificate, or that it is on its way.
  const certificate = user && enrolment?.status === 'completed' ? await certificateState(user.id, course.id) : null
  // Lessons added after this learner completed the course: new and optional for them (ADR 029).
  const optional = new Set(
    user && enrolment?.status === 'completed' ? (await courseProgress(user.id, course)).optional : [],
  )
  // Sent here from a lesson of this paid course (lockedLessonPath): that lesson, to name it.
  const wanted = access === 'locked' ? new URL(request.url).searchParams.get('lesson') : null
  const wantedModule = wanted ? course.modules.find((m) => m.lessons.some((l) => l.id === wanted)) : undefined
  const wantedLesson = wantedModule?.lessons.find((l) => l.id === wanted)
  return {
    lockedLesson:
      wantedModule && wantedLesson
        ? {
            title: wantedLesson.locales[lang].title,
            href: `/${lang}/courses/${course.id}/${wantedLesson.id}`,
          }
        : null,
    certificate,
    locale: formattingLocale(lang, user?.country),
    preview: course.status === 'draft' && isCourseStaff(user, course),
    access,
    signedIn: Boolean(user),
    enrolled: Boolean(enrolment && enrolment.status !== 'cancelled'),
    resume: enrolment?.lastLessonId ?? null,
    firstLesson: first ? `${course.modules[0]!.slug}/${first.slug}` : null,
    // Paid courses: buy through Stripe (or the offline stand-in), or ask to be enrolled.
    purchase: course.priceCents > 0 ? (paymentsMode() === 'none' ? ('request' as const) : ('checkout' as const)) : null,
    requested: Boolean(pendingRequest),
    trainers,
    course: {
      id: course.id,
      title: course.title[lang],
      summary: course.summary[lang],
      outcomes: course.outcomes[lang],
      level: course.level,
      hours: course.hours,
      glossaryTerms: Object.keys(course.glossary).length,
      priceCents: course.priceCents,
      currency: course.currency,
      modules: course.modules.map((m) => ({
        slug: m.slug,
        title: m.title[lang],
        summary: m.summary[lang],
        minutes: m.lessons.reduce((n, l) => n + l.locales[lang].minutes, 0),
        lessons: m.lessons.map((l) => ({
          slug: l.slug,
          title: l.locales[lang].title,
          lang: contentLang(l, lang),
          minutes: l.locales[lang].minutes,
          optional: optional.has(l.id),
        })),
      })),
    },
  }
}

const RequestEnrolmentSchema = z.object({
  intent: intent('request-enrolment'),
  message: textSchema(MAX_MESSAGE_LENGTH, { multiline: true, optional: true }),
})

const CourseSchema = intents([
  z.object({ intent: intent('enrol') }),
  z.object({ intent: intent('checkout') }),
  RequestEnrolmentSchema,
])

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const user = await requireUser(request)
  const course = requireVisibleCourse(user, params.course)
  const submission = await parseSubmission(request, CourseSchema)
  if (submission.status !== 'success') return invalid(submission)
  const value = submission.value
  const back = `/${lang}/courses/${course.id}`
  if (value.intent === 'enrol') {
    // Paid courses are enrolled through payment, a waiver or an administrator.
    if (course.priceCents > 0) return refuse(submission, ['quiz:errors.paid', 403])
    await enrol({ userId: user.id, courseId: course.id, source: 'free' })
    throw redirect(back, { headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'quiz:enrolled' }) } })
  }
  if (course.priceCents === 0) return refuse(submission, ['payments:errors.free', 400])
  const enrolment = await findEnrolment(user.id, course.id)
  if (enrolment && enrolment.status !== 'cancelled') return refuse(submission, ['payments:errors.alreadyEnrolled', 409])
  const mode = paymentsMode()
  if (value.intent === 'checkout') {
    if (mode === 'none') return refuse(submission, ['payments:errors.noCheckout', 400])
    let url: string
    try {
      ;({ url } = await createCheckoutSession({ user, course, lang }))
    } catch (error) {
      logger.error({ err: error, courseId: course.id }, 'could not create a Stripe Checkout session')
      return refuse(submission, ['payments:errors.stripeUnavailable', 503])
    }
    throw redirect(url)
  }
  if (mode !== 'none') return refuse(submission, ['payments:errors.useCheckout', 400])
  await requestEnrolment({ userId: user.id, courseId: course.id, message: value.message })
  throw redirect(back, {
    headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'payments:request.sent' }) },
  })
}

export default function CoursePage() {
  const {
    course,
    trainers,
    locale,
    preview,
    access,
    firstLesson,
    signedIn,
    enrolled,
    resume,
    purchase,
    requested,
    certificate,
    lockedLesson,
  } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('catalog')
  const lang = useLang()
  const { t: tp } = useTranslation('payments')
  const { t: tc } = useTranslation('certificates')
  useRefreshWhilePreparing(certificate === 'preparing')
  const requestFormShown = access === 'locked' && signedIn && purchase !== 'checkout' && !requested
  const [requestForm, requestFields] = useForm({
    id: 'request-enrolment',
    lastResult: replyFor(actionData, 'request-enrolment'),
    onValidate: ({ formData }) => parseForm(formData, RequestEnrolmentSchema),
    shouldRevalidate: 'onBlur',
  })
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      {preview ? (
        <p role="note" className="mb-6 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {t('previewBanner')}
        </p>
      ) : null}
      <nav aria-label={t('breadcrumb')} className="text-sm">
        <Link to={`/${lang}/courses`} className="text-brand-700 underline">
          {t('title')}
        </Link>
      </nav>
      <div className="mt-4 grid gap-10 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <h1 className="text-3xl font-bold">{course.title}</h1>
          <p className="mt-4 text-lg text-slate-800">{course.summary}</p>
          <PageSection id="outcomes" title={t('outcomes')} className="mt-8">
            <ul className="mt-3 list-disc space-y-1 pl-6">
              {course.outcomes.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </PageSection>
          <PageSection id="syllabus" title={t('syllabus')} className="mt-10">
            {course.glossaryTerms ? (
              <p className="mt-2">
                <Link to={`/${lang}/courses/${course.id}/glossary`} className="text-brand-700 font-medium underline">
                  {t('glossaryLink', { count: course.glossaryTerms })}
                </Link>
              </p>
            ) : null}
            <ol className="mt-4 space-y-6">
              {course.modules.map((m, i) => (
                <li key={m.slug} className="rounded-md border border-slate-200 p-4">
                  <h3 className="font-semibold">
                    {t('moduleN', { n: i + 1 })}: {m.title}
                  </h3>
                  <p className="mt-1 text-sm text-slate-700">
                    {m.summary} · {t('minutes', { count: m.minutes })} ·{' '}
                    <Link to={`/${lang}/courses/${course.id}/${m.slug}`} className="text-brand-700 underline">
                      {t('wholeModule')}
                    </Link>
                  </p>
                  <ol className="mt-3 space-y-1">
                    {m.lessons.map((l) => (
                      <li key={l.slug} className="flex justify-between gap-4">
                        <span>
                          <Link
                            to={`/${lang}/courses/${course.id}/${m.slug}/${l.slug}`}
                            className="text-brand-700 hover:underline"
                            lang={l.lang !== lang ? l.lang : undefined}
                          >
                            {l.title}
                          </Link>
                          {l.lang !== lang ? <OnlyInBadge /> : null}
                          {l.optional ? <AddedAfterCompletionBadge /> : null}
                        </span>
                        <span className="shrink-0 text-sm text-slate-600">{t('minutes', { count: l.minutes })}</span>
                      </li>
                    ))}
                  </ol>
                </li>
              ))}
            </ol>
          </PageSection>
        </div>
        <aside className="space-y-6">
          <div id="offer" className="rounded-lg border border-slate-200 p-5">
            {lockedLesson ? (
              <p role="note" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
                {tp('locked.lesson', { lesson: lockedLesson.title })}
              </p>
            ) : null}
            <p className="text-2xl font-bold">
              {course.priceCents === 0 ? t('free') : formatPrice(locale, course.priceCents, course.currency)}
            </p>
            <dl className="mt-3 space-y-1 text-sm text-slate-700">
              <div className="flex justify-between">
                <dt>{t('level')}</dt>
                <dd>{t(`levels.${course.level}`)}</dd>
              </div>
              <div className="flex justify-between">
                <dt>{t('duration')}</dt>
                <dd>{t('hours', { count: course.hours })}</dd>
              </div>
            </dl>
            <div className="mt-4">
              <FormError errors={pageErrorsOf(actionData, requestFormShown ? [['request-enrolment']] : [])} />
            </div>
            {access === 'locked' ? (
              !signedIn ? (
                <div className="mt-4 space-y-2 text-sm text-slate-800">
                  <p>{tp('locked.anonymous')}</p>
                  <Link
                    to={`/${lang}/login?${new URLSearchParams({ redirectTo: lockedLesson?.href ?? `/${lang}/courses/${course.id}` })}`}
                    className="bg-brand-800 hover:bg-brand-700 block w-full rounded-md px-4 py-2 text-center font-medium text-white"
                  >
                    {tp('locked.logIn')}
                  </Link>
                  <p>
                    {tp('locked.noAccount')}{' '}
                    <Link to={`/${lang}/signup`} className="text-brand-700 font-medium underline">
                      {tp('locked.signUp')}
                    </Link>
                  </p>
                </div>
              ) : purchase === 'checkout' ? (
                <Form method="post" className="mt-4 space-y-2">
                  <input type="hidden" name="intent" value="checkout" />
                  <button
                    type="submit"
                    className="bg-brand-800 hover:bg-brand-700 block w-full rounded-md px-4 py-2 text-center font-medium text-white"
                  >
                    {tp('buy', { price: formatPrice(locale, course.priceCents, course.currency) })}
                  </button>
                  <p className="text-sm text-slate-700">{tp('buyHelp')}</p>
                  <p className="text-sm text-slate-700">
                    {tp('receipt.taxIdNote')}{' '}
                    <Link to={`/${lang}/account`} className="text-brand-700 underline">
                      {tp('receipt.dashboard.account')}
                    </Link>
                  </p>
                </Form>
              ) : requested ? (
                <p role="status" className="mt-4 text-sm text-slate-800">
                  {tp('request.pending')}
                </p>
              ) : (
                <Form method="post" {...getFormProps(requestForm)} className="mt-4 space-y-2">
                  <p className="text-sm text-slate-800">{tp('request.intro')}</p>
                  <input type="hidden" name="intent" value="request-enrolment" />
                  <label htmlFor={requestFields.message.id} className="block text-sm font-medium text-slate-800">
                    {tp('request.message')}
                  </label>
                  <textarea
                    {...getTextareaProps(requestFields.message)}
                    maxLength={MAX_MESSAGE_LENGTH}
                    rows={3}
                    className="block w-full rounded-md border border-slate-400 px-3 py-2 text-sm"
                  />
                  <ErrorList id={requestFields.message.errorId} errors={requestFields.message.errors} />
                  <button
                    type="submit"
                    className="bg-brand-800 hover:bg-brand-700 block w-full rounded-md px-4 py-2 text-center font-medium text-white"
                  >
                    {tp('request.submit')}
                  </button>
                </Form>
              )
            ) : firstLesson ? (
              <div className="mt-4 space-y-2">
                {enrolled && course.priceCents > 0 ? (
                  <p className="text-sm text-slate-800">{tp('enrolledPaid')}</p>
                ) : null}
                {signedIn && !enrolled && course.priceCents === 0 ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="enrol" />
                    <button
                      type="submit"
                      className="bg-brand-800 hover:bg-brand-700 block w-full rounded-md px-4 py-2 text-center font-medium text-white"
                    >
                      {t('enrolFree')}
                    </button>
                  </Form>
                ) : null}
                <Link
                  to={`/${lang}/courses/${course.id}/${resume ?? firstLesson}`}
                  className="bg-brand-600 hover:bg-brand-700 block rounded-md px-4 py-2 text-center font-medium text-white"
                >
                  {resume ? t('resume') : t('start')}
                </Link>
              </div>
            ) : null}
          </div>
          {certificate ? (
            <section aria-labelledby="certificate-heading" className="rounded-lg border border-slate-200 p-5">
              <h2 id="certificate-heading" className="font-semibold">
                {tc('course.heading')}
              </h2>
              {certificate === 'preparing' ? (
                <CertificatePreparing />
              ) : certificate === 'awaiting-approval' ? (
                <p className="mt-2 text-sm text-slate-800">{tc('dashboard.pending')}</p>
              ) : (
                <p className="mt-2 text-sm text-slate-800">
                  {tc('course.ready')}{' '}
                  <Link to={`/${lang}/dashboard`} className="text-brand-700 font-medium underline">
                    {tc('course.open')}
                  </Link>
                </p>
              )}
            </section>
          ) : null}
          {trainers.length ? (
            <section aria-labelledby="trainers-heading">
              <h2 id="trainers-heading" className="font-semibold">
                {t('trainers')}
              </h2>
              <ul className="mt-2 space-y-1 text-sm">
                {trainers.map((tr) => (
                  <li key={tr.displayName}>
                    {tr.displayName}
                    {tr.organisation ? ` — ${tr.organisation}` : ''}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </aside>
      </div>
    </div>
  )
}
