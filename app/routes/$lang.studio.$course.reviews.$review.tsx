// A review of a course's drafts (ADR 034 §3a): per lesson and language a line diff of the published
// text to the submitted one, the comments, and (for another trainer of the course or an
// administrator, never the submitter) Publish or Send back. Publishing runs in a background job: the
// page shows its progress (reload, or with JavaScript it follows by itself) and a refusal's reasons.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '#app/accounts/auth.server.ts'
import { FormError, pageErrorsOf, SubmitButton } from '#app/components/forms.tsx'
import { type Locale } from '#app/content/load.server.ts'
import { BackToOutline } from '#app/studio/back-to-outline.tsx'
import { versionFileHashes } from '#app/studio/file-drafts.server.ts'
import { OutlineDataSchema, outlineChanges, titleOfText } from '#app/studio/outline.server.ts'
import { type Refusal } from '#app/studio/publish.server.ts'
import {
  acceptReview,
  addComment,
  canDecide,
  type DiffLine,
  fileChanges,
  findReview,
  lineDiff,
  REVIEW_ERRORS,
  ReviewActionSchema,
  ReviewIdSchema,
  returnReview,
  reviewTexts,
  type ReviewStatus,
} from '#app/studio/reviews.server.ts'
import { publishedLessonText, studioVersion } from '#app/studio/studio.server.ts'
import { requireTaughtCourse } from '#app/teaching/teach.server.ts'
import { domainError } from '#app/utils/domain-errors.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { MAX_REVIEW_COMMENT_LENGTH } from '#app/utils/limits.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { toastHeader } from '#app/utils/toast.server.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'studio:review.title')

/** With JavaScript, how often a publishing review's page asks again. */
const POLL_MS = 2_000

async function requireReview(request: Request, params: LoaderFunctionArgs['params']) {
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const id = ReviewIdSchema.safeParse(params.review)
  const review = id.success ? await findReview(course.id, id.data) : null
  if (!review) throw new Response('Not found', { status: 404 })
  return { user, course, review }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const { user, course, review } = await requireReview(request, params)
  // The texts the drafts were written against: the review's base version (it may no longer be current).
  const base = await studioVersion(course.id, review.baseNumber).catch(() => null)
  const texts = await reviewTexts(review.items)
  const files = await fileChanges(review.files, base ? await versionFileHashes(base.id) : {})
  const lessonTitle = (lessonId: string) => {
    const lesson = base?.source.modules.flatMap((m) => m.lessons).find((l) => l.id === lessonId)
    const submitted = review.items.find((i) => i.lessonId === lessonId && i.locale === lang)
    const submittedTitle = submitted ? titleOfText(texts.get(submitted.sha256) ?? '', lang) : null
    return lesson?.files[lang]?.frontmatter?.title ?? lesson?.files.en?.frontmatter?.title ?? submittedTitle ?? lessonId
  }
  // The outline's changes, readable (ADR 034 §3b): new lessons, new orders.
  const outline = review.outline ? OutlineDataSchema.safeParse(review.outline) : null
  const changes =
    base && outline?.success
      ? outlineChanges(base.source, outline.data).map((c) =>
          c.kind === 'added'
            ? { kind: c.kind, module: c.module, lesson: lessonTitle(c.lessonId), list: '', status: '' }
            : c.kind === 'lessons'
              ? { kind: c.kind, module: c.module, lesson: '', list: c.lessons.map(lessonTitle).join(' · '), status: '' }
              : c.kind === 'module' || c.kind === 'new-module'
                ? { kind: c.kind, module: c.module, lesson: c.title[lang], list: '', status: c.status }
                : {
                    kind: c.kind,
                    module: 0,
                    lesson: '',
                    status: '',
                    list: c.modules
                      .map(
                        (slug) =>
                          base.source.modules.find((m) => m.slug === slug)?.meta?.title[lang] ??
                          outline.data.modules[slug]?.title[lang] ??
                          slug,
                      )
                      .join(' · '),
                  },
        )
      : []
  const refusal = review.status === 'returned' ? (review.refusal as Refusal | null) : null
  return {
    locale: formattingLocale(lang, user.country),
    course: { id: course.id, title: course.title[lang] },
    review: {
      id: review.id,
      status: review.status as ReviewStatus,
      message: review.message,
      baseNumber: review.baseNumber,
      submittedAt: review.submittedAt.toISOString(),
      submittedBy: review.submittedBy?.displayName ?? null,
      decidedAt: review.decidedAt?.toISOString() ?? null,
      decidedBy: review.decidedBy?.displayName ?? null,
      publishedNumber: review.publishedNumber,
      refusal,
    },
    mayDecide: canDecide(user, review),
    changes,
    items: review.items.map((item) => ({
      lessonId: item.lessonId,
      locale: item.locale as Locale,
      title: lessonTitle(item.lessonId),
      diff: lineDiff(
        base ? publishedLessonText(base.source, item.lessonId, item.locale as Locale) : '',
        texts.get(item.sha256) ?? '',
      ),
    })),
    files,
    comments: review.comments.map((c) => ({
      id: c.id,
      body: c.body,
      at: c.createdAt.toISOString(),
      by: c.author?.displayName ?? null,
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const { user, course, review } = await requireReview(request, params)
  const submission = await parseSubmission(request, ReviewActionSchema)
  if (submission.status !== 'success') return invalid(submission)
  const value = submission.value
  const here = `/${lang}/studio/${course.id}/reviews/${review.id}`
  if (value.intent === 'comment') {
    await addComment({ reviewId: review.id, userId: user.id, body: value.body })
    throw redirect(`${here}#comments`)
  }
  const result =
    value.intent === 'publish'
      ? await acceptReview({ reviewId: review.id, courseId: course.id, user })
      : await returnReview({ reviewId: review.id, courseId: course.id, user, body: value.body })
  if (!result.ok) return refuse(submission, domainError(REVIEW_ERRORS, result.error))
  throw redirect(here, {
    headers: {
      'Set-Cookie': await toastHeader({
        kind: 'success',
        key: value.intent === 'publish' ? 'studio:review.publishing' : 'studio:review.sentBack',
      }),
    },
  })
}

export default function StudioReviewPage() {
  const { course, review, items, files, comments, mayDecide, locale, changes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('studio')
  const revalidator = useRevalidator()
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
  const publishing = review.status === 'publishing'
  useEffect(() => {
    if (!publishing) return
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate()
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [publishing, revalidator])
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <BackToOutline course={course} />
      <h1 className="mt-4 text-3xl font-bold">{t('review.heading', { course: course.title })}</h1>
      <p className="mt-2">
        {t('review.submittedBy', {
          name: review.submittedBy ?? t('errors.someone'),
          date: `${date.format(new Date(review.submittedAt))} UTC`,
          number: review.baseNumber,
        })}
      </p>
      {review.message ? <p className="mt-2 whitespace-pre-line italic">{review.message}</p> : null}
      <div role="status" className="mt-4 rounded-md border border-slate-300 bg-slate-50 p-3">
        <p className="font-medium">{t(`review.status.${review.status}`, { number: review.publishedNumber })}</p>
        {review.decidedBy && review.decidedAt ? (
          <p>
            {t('review.decidedBy', {
              name: review.decidedBy,
              date: `${date.format(new Date(review.decidedAt))} UTC`,
            })}
          </p>
        ) : null}
        {publishing ? (
          <p>
            <Link to="." reloadDocument className="text-brand-700 underline">
              {t('review.reload')}
            </Link>
          </p>
        ) : null}
        {review.refusal ? (
          <>
            <p>{t(`review.refusal.${review.refusal.code}`)}</p>
            {review.refusal.problems.length ? (
              <ul className="mt-2 list-disc pl-6">
                {review.refusal.problems.map((p, i) => (
                  <li key={i}>
                    {p.file}
                    {p.line ? `, ${t('editor.line', { line: p.line })}` : ''}:{' '}
                    {p.code ? t(`codes.${p.code}`, { defaultValue: p.message }) : p.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </div>
      <FormError errors={pageErrorsOf(actionData, [])} />

      {changes.length ? (
        <section className="mt-8" aria-labelledby="outline-changes">
          <h2 id="outline-changes" className="text-xl font-semibold">
            {t('review.outline')}
          </h2>
          <ul className="mt-2 list-disc pl-6" data-testid="outline-changes">
            {changes.map((c, i) => (
              <li key={i}>
                {c.kind === 'added'
                  ? t('review.change.added', { lesson: c.lesson, module: c.module })
                  : c.kind === 'lessons'
                    ? t('review.change.lessons', { module: c.module, lessons: c.list })
                    : c.kind === 'module' || c.kind === 'new-module'
                      ? t(`review.change.${c.kind}.${c.status === 'draft' ? 'draft' : 'published'}`, {
                          module: c.module,
                          title: c.lesson,
                        })
                      : t('review.change.modules', { modules: c.list })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {items.map((item) => (
        <section
          key={`${item.lessonId}:${item.locale}`}
          className="mt-8"
          aria-labelledby={`diff-${item.lessonId.replace('/', '-')}-${item.locale}`}
        >
          <h2 id={`diff-${item.lessonId.replace('/', '-')}-${item.locale}`} className="text-xl font-semibold">
            {t('review.lesson', { lesson: item.title, language: t(`editor.language.${item.locale}`) })}
          </h2>
          <p className="text-sm text-slate-700">{t('review.legend')}</p>
          <Diff lines={item.diff} />
        </section>
      ))}

      {files.map((file) => (
        <section key={file.path} className="mt-8" aria-labelledby={`file-${file.path.replace(/[^a-z0-9-]/g, '-')}`}>
          <h2 id={`file-${file.path.replace(/[^a-z0-9-]/g, '-')}`} className="text-xl font-semibold">
            {t(`review.file.${file.change}`, { path: file.path })}
          </h2>
          {file.diff ? (
            <>
              <p className="text-sm text-slate-700">{t('review.legend')}</p>
              <Diff lines={file.diff} />
            </>
          ) : file.size !== null ? (
            <p className="mt-2">{t('review.file.size', { size: new Intl.NumberFormat(locale).format(file.size) })}</p>
          ) : null}
        </section>
      ))}

      <section id="comments" className="mt-10" aria-labelledby="comments-title">
        <h2 id="comments-title" className="text-xl font-semibold">
          {t('review.comments')}
        </h2>
        {comments.length ? (
          <ul className="mt-3 space-y-3">
            {comments.map((c) => (
              <li key={c.id} className="rounded-md border border-slate-200 p-3">
                <p className="text-sm text-slate-700">
                  {t('review.commentBy', {
                    name: c.by ?? t('errors.someone'),
                    date: `${date.format(new Date(c.at))} UTC`,
                  })}
                </p>
                <p className="mt-1 whitespace-pre-line">{c.body}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2">{t('review.noComments')}</p>
        )}
        <Form method="post" className="mt-4 max-w-2xl">
          <label htmlFor="review-comment" className="mb-1 block text-sm font-medium text-slate-800">
            {t('review.comment')}
          </label>
          <textarea
            id="review-comment"
            name="body"
            rows={4}
            maxLength={MAX_REVIEW_COMMENT_LENGTH}
            className="block w-full rounded-md border border-slate-400 px-3 py-2"
          />
          <div className="mt-2 flex flex-wrap gap-3">
            <SubmitButton name="intent" value="comment" variant="secondary">
              {t('review.addComment')}
            </SubmitButton>
            {mayDecide && review.status === 'submitted' ? (
              <SubmitButton name="intent" value="send-back" variant="secondary">
                {t('review.sendBack')}
              </SubmitButton>
            ) : null}
          </div>
        </Form>
        {review.status === 'submitted' ? (
          mayDecide ? (
            <Form method="post" className="mt-6">
              <SubmitButton name="intent" value="publish">
                {t('review.publish')}
              </SubmitButton>
            </Form>
          ) : (
            <p className="mt-6">{t('review.ownReview')}</p>
          )
        ) : null}
      </section>
    </div>
  )
}

/** A line diff: added lines in <ins>, removed in <del>, each with a visible sign and a screen-reader label. */
function Diff({ lines }: { lines: DiffLine[] }) {
  const { t } = useTranslation('studio')
  return (
    <div className="mt-2 overflow-x-auto rounded-md border border-slate-300 font-mono text-sm">
      {lines.map((line, i) =>
        line.kind === 'folded' ? (
          <p key={i} className="bg-slate-100 px-2 py-1 text-slate-700 italic">
            {t('review.folded', { count: line.count })}
          </p>
        ) : line.kind === 'added' ? (
          <p key={i} className="bg-green-50 px-2 whitespace-pre-wrap">
            <ins className="no-underline">
              <span aria-hidden="true">+ </span>
              <span className="sr-only">{t('review.added')} </span>
              {line.text}
            </ins>
          </p>
        ) : line.kind === 'removed' ? (
          <p key={i} className="bg-red-50 px-2 whitespace-pre-wrap">
            <del>
              <span aria-hidden="true">− </span>
              <span className="sr-only">{t('review.removed')} </span>
              {line.text}
            </del>
          </p>
        ) : (
          <p key={i} className="px-2 whitespace-pre-wrap">
            <span aria-hidden="true">{'  '}</span>
            {line.text}
          </p>
        ),
      )}
    </div>
  )
}
