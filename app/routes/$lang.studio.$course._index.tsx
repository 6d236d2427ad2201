// A course's outline in the Studio: its modules and lessons as the published version has them (draft
// lessons included), each lesson's state per language (published, not written yet, a draft being
// written, in review), whether one language may be out of date (changed before the other's last
// change), the course's reviews and the form that submits the drafts for review (ADR 034 §3a). The
// course's trainers and administrators only (requireTaughtCourse: 404, 403).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '#app/accounts/auth.server.ts'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { FormError, pageErrorsOf, SubmitButton } from '#app/components/forms.tsx'
import { LOCALES } from '#app/content/load.server.ts'
import { useLang } from '#app/root.tsx'
import { draftsOfCourse } from '#app/studio/drafts.server.ts'
import {
  OPEN_STATUSES,
  REVIEW_ERRORS,
  reviewsOfCourse,
  submitReview,
  SubmitReviewSchema,
  type ReviewStatus,
} from '#app/studio/reviews.server.ts'
import { studioCourseSource } from '#app/studio/studio.server.ts'
import { translationStatus } from '#app/studio/translation-status.server.ts'
import { requireTaughtCourse } from '#app/teaching/teach.server.ts'
import { domainError } from '#app/utils/domain-errors.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { MAX_REVIEW_COMMENT_LENGTH } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'studio:title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const source = await studioCourseSource(course.id)
  const [drafts, translations, reviews] = await Promise.all([
    draftsOfCourse(course.id),
    translationStatus(source),
    reviewsOfCourse(course.id),
  ])
  const inReview = new Set(
    reviews
      .filter((r) => OPEN_STATUSES.includes(r.status as ReviewStatus))
      .flatMap((r) => r.items.map((i) => `${i.lessonId}:${i.locale}`)),
  )
  return {
    locale: formattingLocale(lang, user.country),
    course: { id: course.id, title: course.title[lang] },
    hasDrafts: drafts.size > 0,
    reviews: reviews.map((r) => ({
      id: r.id,
      status: r.status as ReviewStatus,
      submittedAt: r.submittedAt.toISOString(),
      submittedBy: r.submittedBy?.displayName ?? null,
      publishedNumber: r.publishedNumber,
      lessons: r.items.length,
    })),
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
            inReview: inReview.has(`${l.id}:${locale}`),
            // The other language changed after this one was last updated.
            behindSince: behind?.locale === locale ? behind.since.toISOString() : null,
          }
        }),
      })),
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const submission = await parseSubmission(request, SubmitReviewSchema)
  if (submission.status !== 'success') return invalid(submission)
  const result = await submitReview({ courseId: course.id, userId: user.id, message: submission.value.message })
  if (!result.ok) return refuse(submission, domainError(REVIEW_ERRORS, result.error))
  throw redirect(`/${lang}/studio/${course.id}/reviews/${result.reviewId}`, {
    headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'studio:review.submitted' }) },
  })
}

export default function StudioCoursePage() {
  const { course, modules, reviews, hasDrafts, locale } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('studio')
  const lang = useLang()
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })
  const stamp = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <p>
        <Link to={`/${lang}/studio`} className="text-brand-700 underline">
          {t('outline.back')}
        </Link>
      </p>
      <h1 className="mt-4 text-3xl font-bold">{t('outline.title', { course: course.title })}</h1>
      <p className="mt-2 text-slate-700">{t('outline.intro')}</p>
      <section className="mt-8" aria-labelledby="reviews">
        <h2 id="reviews" className="text-xl font-semibold">
          {t('review.list')}
        </h2>
        {reviews.length ? (
          <ul className="mt-3 space-y-1">
            {reviews.map((r) => (
              <li key={r.id}>
                <Link to={`/${lang}/studio/${course.id}/reviews/${r.id}`} className="text-brand-700 underline">
                  {t('review.item', {
                    date: `${stamp.format(new Date(r.submittedAt))} UTC`,
                    name: r.submittedBy ?? t('errors.someone'),
                    count: r.lessons,
                  })}
                </Link>{' '}
                <span>({t(`review.status.${r.status}`, { number: r.publishedNumber })})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2">{t('review.none')}</p>
        )}
        <FormError errors={pageErrorsOf(actionData, [])} />
        {hasDrafts ? (
          <Form method="post" className="mt-4 max-w-2xl">
            <input type="hidden" name="intent" value="submit-review" />
            <label htmlFor="review-message" className="mb-1 block text-sm font-medium text-slate-800">
              {t('review.message')}
            </label>
            <textarea
              id="review-message"
              name="message"
              rows={3}
              maxLength={MAX_REVIEW_COMMENT_LENGTH}
              className="block w-full rounded-md border border-slate-400 px-3 py-2"
            />
            <SubmitButton className="mt-2">{t('review.submit')}</SubmitButton>
          </Form>
        ) : (
          <p className="mt-2 text-slate-700">{t('review.noDrafts')}</p>
        )}
      </section>
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
                      {s.inReview ? <span className="ml-2 font-medium">({t('outline.inReview')})</span> : null}
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
