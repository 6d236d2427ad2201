// A course's outline in the Studio: its modules and lessons as the published version has them (draft
// lessons included), each lesson's state per language (published, not written yet, a draft being
// written, in review), whether one language may be out of date (changed before the other's last
// change), the course's reviews and the form that submits the drafts for review (ADR 034 §3a), and
// the course's quizzes with the form that creates one (§3d). The course's trainers and
// administrators only (requireTaughtCourse: 404, 403).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '#app/accounts/auth.server.ts'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { Field, FormError, pageErrorsOf, replyFor, SelectField, SubmitButton } from '#app/components/forms.tsx'
import { LOCALES } from '#app/content/load.server.ts'
import { useLang } from '#app/root.tsx'
import { draftsOfCourse } from '#app/studio/drafts.server.ts'
import { fileDraftsOfCourse } from '#app/studio/file-drafts.server.ts'
import {
  AddLessonSchema,
  addModule,
  AddModuleSchema,
  addLesson,
  EditModuleSchema,
  editModule,
  MoveLessonSchema,
  MoveModuleSchema,
  moveItem,
  OUTLINE_ERRORS,
  outlineOf,
  readOutline,
  titleOfText,
} from '#app/studio/outline.server.ts'
import { createQuiz, CreateQuizSchema, QUIZ_ERRORS, studioQuizzes } from '#app/studio/quiz-editor.server.ts'
import { QUESTION_TYPES } from '#app/studio/quiz-editor.ts'
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
import { prisma } from '#app/utils/db.server.ts'
import { domainError } from '#app/utils/domain-errors.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formattingLocale, type Lang } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { MAX_OUTLINE_SUMMARY_LENGTH, MAX_OUTLINE_TITLE_LENGTH, MAX_REVIEW_COMMENT_LENGTH } from '#app/utils/limits.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { intents } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'studio:title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const source = await studioCourseSource(course.id)
  const [drafts, fileDrafts, translations, reviews, outline, quizzes] = await Promise.all([
    draftsOfCourse(course.id),
    fileDraftsOfCourse(course.id),
    translationStatus(source),
    reviewsOfCourse(course.id),
    readOutline(course.id),
    studioQuizzes(course.id),
  ])
  const inReview = new Set(
    reviews
      .filter((r) => OPEN_STATUSES.includes(r.status as ReviewStatus))
      .flatMap((r) => r.items.map((i) => `${i.lessonId}:${i.locale}`)),
  )
  const modules = outlineOf(source, outline.data)
  // The titles of lessons added in the Studio: their drafts' frontmatter.
  const added = modules.flatMap((m) => m.lessons.filter((l) => l.added).map((l) => l.id))
  const addedTexts = added.length
    ? await prisma.lessonDraft.findMany({
        where: { courseId: course.id, lessonId: { in: added } },
        select: { lessonId: true, locale: true, source: true },
      })
    : []
  const addedTitle = (id: string) => {
    const text =
      addedTexts.find((d) => d.lessonId === id && d.locale === lang) ?? addedTexts.find((d) => d.lessonId === id)
    return (text && titleOfText(text.source, text.locale as Lang)) ?? id.split('/')[1]!
  }
  return {
    locale: formattingLocale(lang, user.country),
    course: { id: course.id, title: course.title[lang] },
    hasDrafts: drafts.size > 0 || fileDrafts.length > 0 || outline.revision > 0,
    // The glossary and datasets editors (ADR 034 §3e): whether each has a draft.
    fileDrafts: {
      glossary: fileDrafts.some((f) => f.path === 'glossary.yaml'),
      datasets: fileDrafts.some((f) => f.path.startsWith('datasets/')),
    },
    outlineRevision: outline.revision,
    quizzes,
    reviews: reviews.map((r) => ({
      id: r.id,
      status: r.status as ReviewStatus,
      submittedAt: r.submittedAt.toISOString(),
      submittedBy: r.submittedBy?.displayName ?? null,
      publishedNumber: r.publishedNumber,
      lessons: r.items.length,
    })),
    modules: modules.map((o, index) => {
      // Undefined for a module added in the Studio (not published yet).
      const m = source.modules.find((s) => s.slug === o.slug)
      return {
        slug: o.slug,
        added: o.added,
        order: index + 1,
        title: o.title[lang],
        titles: o.title,
        status: o.status,
        edited: o.edited,
        lessons: o.lessons.map((ol) => {
          const l = m?.lessons.find((s) => s.id === ol.id)
          return {
            id: ol.id,
            slug: ol.slug,
            added: ol.added,
            title: l
              ? (l.files[lang]?.frontmatter?.title ?? l.files.en?.frontmatter?.title ?? l.slug)
              : addedTitle(ol.id),
            locales: LOCALES.map((locale) => {
              const behind = translations.get(ol.id)
              return {
                locale,
                state: drafts.get(ol.id)?.includes(locale) ? 'draft' : l?.files[locale] ? 'published' : 'missing',
                inReview: inReview.has(`${ol.id}:${locale}`),
                // The other language changed after this one was last updated.
                behindSince: behind?.locale === locale ? behind.since.toISOString() : null,
              }
            }),
          }
        }),
      }
    }),
  }
}

const OutlinePageSchema = intents([
  SubmitReviewSchema,
  AddModuleSchema,
  AddLessonSchema,
  MoveLessonSchema,
  MoveModuleSchema,
  EditModuleSchema,
  CreateQuizSchema,
])

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const submission = await parseSubmission(request, OutlinePageSchema)
  if (submission.status !== 'success') return invalid(submission)
  const value = submission.value
  const here = `/${lang}/studio/${course.id}`
  if (value.intent === 'submit-review') {
    const result = await submitReview({ courseId: course.id, userId: user.id, message: value.message })
    if (!result.ok) return refuse(submission, domainError(REVIEW_ERRORS, result.error))
    throw redirect(`${here}/reviews/${result.reviewId}`, {
      headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'studio:review.submitted' }) },
    })
  }
  if (value.intent === 'create-quiz') {
    const result = await createQuiz({
      courseId: course.id,
      id: value.quiz,
      passingScore: value.passingScore,
      type: value.type,
      userId: user.id,
    })
    if (!result.ok)
      return refuse(submission, domainError(QUIZ_ERRORS, result.error), {
        field: result.error === 'duplicate-quiz' ? 'quiz' : undefined,
      })
    // The new quiz opens in the quiz editor.
    throw redirect(`${here}/quizzes/${value.quiz}`, {
      headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'studio:quiz.created' }) },
    })
  }
  const source = await studioCourseSource(course.id)
  if (value.intent === 'add-lesson') {
    const result = await addLesson({
      source,
      baseRevision: value.revision,
      moduleSlug: value.module,
      slug: value.slug,
      titles: { en: value.titleEn, es: value.titleEs },
      userId: user.id,
    })
    if (!result.ok)
      return refuse(submission, domainError(OUTLINE_ERRORS, result.error), {
        field: result.error === 'duplicate' ? 'slug' : undefined,
      })
    // The new lesson opens in the editor.
    throw redirect(`${here}/${value.module}/${value.slug}`, {
      headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'studio:outline.added' }) },
    })
  }
  if (value.intent === 'add-module') {
    const result = await addModule({
      source,
      baseRevision: value.revision,
      slug: value.slug,
      title: { en: value.titleEn, es: value.titleEs },
      summary: { en: value.summaryEn, es: value.summaryEs },
      userId: user.id,
    })
    if (!result.ok)
      return refuse(submission, domainError(OUTLINE_ERRORS, result.error), {
        field: result.error === 'duplicate-module' ? 'slug' : undefined,
      })
    throw redirect(`${here}#module-${value.slug}`, {
      headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'studio:outline.moduleAdded' }) },
    })
  }
  if (value.intent === 'edit-module') {
    const result = await editModule({
      source,
      baseRevision: value.revision,
      moduleSlug: value.module,
      title: { en: value.titleEn, es: value.titleEs },
      status: value.status,
      userId: user.id,
    })
    if (!result.ok) return refuse(submission, domainError(OUTLINE_ERRORS, result.error))
    throw redirect(here, {
      headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'studio:outline.saved' }) },
    })
  }
  const result = await moveItem({
    source,
    baseRevision: value.revision,
    moduleSlug: value.module,
    lessonSlug: value.intent === 'move-lesson' ? value.lesson : null,
    position: value.position,
    userId: user.id,
  })
  if (!result.ok) return refuse(submission, domainError(OUTLINE_ERRORS, result.error))
  throw redirect(here, {
    headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'studio:outline.moved' }) },
  })
}

export default function StudioCoursePage() {
  const { course, modules, reviews, hasDrafts, locale, outlineRevision, quizzes, fileDrafts } =
    useLoaderData<typeof loader>()
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
      <ul className="mt-4 flex flex-wrap gap-6" aria-label={t('outline.files')}>
        {(['glossary', 'datasets'] as const).map((file) => (
          <li key={file}>
            <Link to={`/${lang}/studio/${course.id}/${file}`} className="text-brand-700 font-medium underline">
              {t(`outline.${file}`)}
            </Link>
            {fileDrafts[file] ? <span className="ml-2 font-medium">{`(${t('outline.draft')})`}</span> : null}
          </li>
        ))}
      </ul>
      <p className="mt-2">
        <Link to={`/${lang}/studio/${course.id}/versions`} className="text-brand-700 underline">
          {t('outline.versions')}
        </Link>
      </p>
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
        <FormError
          errors={pageErrorsOf(actionData, [
            ['add-module', {}] as const,
            ...modules.flatMap((m) => [
              ['add-lesson', { module: m.slug }] as const,
              ['edit-module', { module: m.slug }] as const,
            ]),
            ['create-quiz'] as const,
          ])}
        />
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
      {modules.map((m, mi) => (
        <section key={m.slug} className="mt-8" aria-labelledby={`module-${m.slug}`}>
          <div className="flex flex-wrap items-center gap-3">
            <h2 id={`module-${m.slug}`} className="mr-auto text-xl font-semibold">
              {t('outline.module', { number: m.order, title: m.title })}
            </h2>
            <MoveButtons
              intent="move-module"
              fields={{ module: m.slug }}
              revision={outlineRevision}
              position={mi + 1}
              count={modules.length}
              name={m.title}
            />
          </div>
          {m.added ? <p className="font-medium">{t('outline.newModule')}</p> : null}
          {m.status === 'draft' ? <p className="font-medium">{t('outline.moduleDraft')}</p> : null}
          <EditModuleForm module={m.slug} titles={m.titles} status={m.status} revision={outlineRevision} />
          <table className="mt-3 w-full border-collapse text-left">
            <caption className="sr-only">{t('outline.module', { number: m.order, title: m.title })}</caption>
            <ColumnHeads
              columns={[
                t('outline.lesson'),
                t('outline.english'),
                t('outline.spanish'),
                <span key="move" className="sr-only">
                  {t('outline.order')}
                </span>,
                <span key="edit" className="sr-only">
                  {t('outline.edit')}
                </span>,
              ]}
            />
            <tbody>
              {m.lessons.map((l, li) => (
                <tr key={l.id} className="border-b border-slate-200">
                  <td className="py-2">
                    {l.title}
                    {l.added ? <span className="ml-2 font-medium">({t('outline.new')})</span> : null}
                  </td>
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
                  <td className="py-2">
                    <MoveButtons
                      intent="move-lesson"
                      fields={{ module: m.slug, lesson: l.slug }}
                      revision={outlineRevision}
                      position={li + 1}
                      count={m.lessons.length}
                      name={l.title}
                    />
                  </td>
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
          <AddLessonForm module={m.slug} moduleTitle={m.title} revision={outlineRevision} />
        </section>
      ))}
      <AddModuleForm revision={outlineRevision} />
      <section className="mt-8" aria-labelledby="quizzes">
        <h2 id="quizzes" className="text-xl font-semibold">
          {t('quiz.list')}
        </h2>
        <p className="mt-1 text-slate-700">{t('quiz.listIntro')}</p>
        <table className="mt-3 w-full border-collapse text-left">
          <caption className="sr-only">{t('quiz.list')}</caption>
          <ColumnHeads
            columns={[
              t('quiz.id'),
              t('quiz.kind'),
              t('quiz.questionCount'),
              t('quiz.state'),
              <span key="edit" className="sr-only">
                {t('outline.edit')}
              </span>,
            ]}
          />
          <tbody>
            {quizzes.map((q) => (
              <tr key={q.id} className="border-b border-slate-200">
                <td className="py-2 font-mono">{q.id}</td>
                <td className="py-2">{t(`quiz.kinds.${q.kind}`)}</td>
                <td className="py-2">{q.questions}</td>
                <td className="py-2">{q.draft ? t('outline.draft') : t('outline.published')}</td>
                <td className="py-2 text-right">
                  <Link
                    to={`/${lang}/studio/${course.id}/quizzes/${q.id}`}
                    className="text-brand-700 font-medium underline"
                    aria-label={t('quiz.edit', { quiz: q.id })}
                  >
                    {t('outline.edit')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <CreateQuizForm />
      </section>
    </div>
  )
}

/** A new quiz: its id (the file's name), its passing score and the type of its first question. */
function CreateQuizForm() {
  const { t } = useTranslation('studio')
  const actionData = useActionData<typeof action>()
  const reply = replyFor(actionData, 'create-quiz')
  const sent = reply?.initialValue as Record<string, string> | undefined
  const errors = (name: string) => reply?.error?.[name] ?? null
  return (
    <details className="mt-3 max-w-2xl" open={Boolean(reply)}>
      <summary className="text-brand-700 cursor-pointer font-medium">{t('quiz.create')}</summary>
      <Form method="post" className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="create-quiz" />
        <FormError errors={reply?.error?.[''] ?? null} />
        <Field
          label={t('quiz.quizId')}
          description={t('quiz.quizIdHint')}
          errors={errors('quiz')}
          inputProps={{ id: 'create-quiz-id', name: 'quiz', defaultValue: sent?.quiz, maxLength: 80 }}
        />
        <Field
          label={t('quiz.passingScore')}
          description={t('quiz.passingScoreHint')}
          errors={errors('passingScore')}
          inputProps={{
            id: 'create-quiz-passing-score',
            name: 'passingScore',
            type: 'number',
            min: 0,
            max: 100,
            step: 'any',
            defaultValue: sent?.passingScore ?? '70',
          }}
        />
        <SelectField
          label={t('quiz.firstType')}
          errors={errors('type')}
          options={QUESTION_TYPES.map((type) => ({ value: type, label: t(`quiz.types.${type}`) }))}
          selectProps={{ id: 'create-quiz-type', name: 'type', defaultValue: sent?.type ?? 'single' }}
        />
        <SubmitButton>{t('quiz.createSubmit')}</SubmitButton>
      </Form>
    </details>
  )
}

/** Move up / move down: a form each, so they work without JavaScript; the server checks the position. */
function MoveButtons({
  intent,
  fields,
  revision,
  position,
  count,
  name,
}: {
  intent: 'move-lesson' | 'move-module'
  fields: Record<string, string>
  revision: number
  position: number
  count: number
  name: string
}) {
  const { t } = useTranslation('studio')
  const button = (to: number, label: string, text: string) => (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="revision" value={revision} />
      {Object.entries(fields).map(([field, value]) => (
        <input key={field} type="hidden" name={field} value={value} />
      ))}
      <input type="hidden" name="position" value={to} />
      <button
        type="submit"
        aria-label={label}
        className="rounded border border-slate-400 bg-white px-2 py-0.5 text-sm hover:bg-slate-100"
      >
        {text}
      </button>
    </Form>
  )
  return (
    <div className="flex gap-1">
      {position > 1 ? button(position - 1, t('outline.moveUp', { name }), t('outline.up')) : null}
      {position < count ? button(position + 1, t('outline.moveDown', { name }), t('outline.down')) : null}
    </div>
  )
}

/** A module's titles and whether learners see it (its module.yaml, once published). */
function EditModuleForm({
  module,
  titles,
  status,
  revision,
}: {
  module: string
  titles: { en: string; es: string }
  status: 'draft' | 'published'
  revision: number
}) {
  const { t } = useTranslation('studio')
  const actionData = useActionData<typeof action>()
  const reply = replyFor(actionData, 'edit-module', { module })
  const errors = (name: string) => reply?.error?.[name] ?? null
  return (
    <details className="mt-2 max-w-2xl" open={Boolean(reply)}>
      <summary className="text-brand-700 cursor-pointer font-medium">{t('outline.editModule')}</summary>
      <Form method="post" className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="edit-module" />
        <input type="hidden" name="module" value={module} />
        <input type="hidden" name="revision" value={revision} />
        <FormError errors={reply?.error?.[''] ?? null} />
        <Field
          label={t('outline.titleEn')}
          errors={errors('titleEn')}
          inputProps={{
            id: `module-${module}-title-en`,
            name: 'titleEn',
            lang: 'en',
            defaultValue: titles.en,
            maxLength: MAX_OUTLINE_TITLE_LENGTH,
          }}
        />
        <Field
          label={t('outline.titleEs')}
          errors={errors('titleEs')}
          inputProps={{
            id: `module-${module}-title-es`,
            name: 'titleEs',
            lang: 'es',
            defaultValue: titles.es,
            maxLength: MAX_OUTLINE_TITLE_LENGTH,
          }}
        />
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">{t('outline.visibility')}</legend>
          {(['published', 'draft'] as const).map((value) => (
            <label key={value} className="mr-4 inline-flex items-center gap-1">
              <input type="radio" name="status" value={value} defaultChecked={status === value} />
              {t(`outline.status.${value}`)}
            </label>
          ))}
        </fieldset>
        <SubmitButton>{t('outline.saveModule')}</SubmitButton>
      </Form>
    </details>
  )
}

/** A new lesson at the end of a module: its slug and its title in each language. */
function AddLessonForm({ module, moduleTitle, revision }: { module: string; moduleTitle: string; revision: number }) {
  const { t } = useTranslation('studio')
  const actionData = useActionData<typeof action>()
  const reply = replyFor(actionData, 'add-lesson', { module })
  const sent = reply?.initialValue as Record<string, string> | undefined
  const errors = (name: string) => reply?.error?.[name] ?? null
  return (
    <details className="mt-3 max-w-2xl" open={Boolean(reply)}>
      <summary className="text-brand-700 cursor-pointer font-medium">
        {t('outline.addLesson', { module: moduleTitle })}
      </summary>
      <Form method="post" className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="add-lesson" />
        <input type="hidden" name="module" value={module} />
        <input type="hidden" name="revision" value={revision} />
        <FormError errors={reply?.error?.[''] ?? null} />
        <Field
          label={t('outline.slug')}
          description={t('outline.slugHint')}
          errors={errors('slug')}
          inputProps={{ id: `add-${module}-slug`, name: 'slug', defaultValue: sent?.slug, maxLength: 80 }}
        />
        <Field
          label={t('outline.titleEn')}
          errors={errors('titleEn')}
          inputProps={{
            id: `add-${module}-title-en`,
            name: 'titleEn',
            lang: 'en',
            defaultValue: sent?.titleEn,
            maxLength: MAX_OUTLINE_TITLE_LENGTH,
          }}
        />
        <Field
          label={t('outline.titleEs')}
          errors={errors('titleEs')}
          inputProps={{
            id: `add-${module}-title-es`,
            name: 'titleEs',
            lang: 'es',
            defaultValue: sent?.titleEs,
            maxLength: MAX_OUTLINE_TITLE_LENGTH,
          }}
        />
        <SubmitButton>{t('outline.add')}</SubmitButton>
      </Form>
    </details>
  )
}

/** A new module at the end of the course, as a draft: its slug, and its title and summary in each language. */
function AddModuleForm({ revision }: { revision: number }) {
  const { t } = useTranslation('studio')
  const actionData = useActionData<typeof action>()
  const reply = replyFor(actionData, 'add-module', {})
  const sent = reply?.initialValue as Record<string, string> | undefined
  const errors = (name: string) => reply?.error?.[name] ?? null
  const text = (name: string, label: string, lang: 'en' | 'es', max: number) => (
    <Field
      label={label}
      errors={errors(name)}
      inputProps={{ id: `add-module-${name}`, name, lang, defaultValue: sent?.[name], maxLength: max }}
    />
  )
  return (
    <section className="mt-10 max-w-2xl" aria-labelledby="add-module">
      <h2 id="add-module" className="text-xl font-semibold">
        {t('outline.addModule')}
      </h2>
      <p className="mt-1 text-slate-700">{t('outline.addModuleHint')}</p>
      <Form method="post" className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="add-module" />
        <input type="hidden" name="revision" value={revision} />
        <FormError errors={reply?.error?.[''] ?? null} />
        <Field
          label={t('outline.moduleSlug')}
          description={t('outline.moduleSlugHint')}
          errors={errors('slug')}
          inputProps={{ id: 'add-module-slug', name: 'slug', defaultValue: sent?.slug, maxLength: 80 }}
        />
        {text('titleEn', t('outline.titleEn'), 'en', MAX_OUTLINE_TITLE_LENGTH)}
        {text('titleEs', t('outline.titleEs'), 'es', MAX_OUTLINE_TITLE_LENGTH)}
        {text('summaryEn', t('outline.summaryEn'), 'en', MAX_OUTLINE_SUMMARY_LENGTH)}
        {text('summaryEs', t('outline.summaryEs'), 'es', MAX_OUTLINE_SUMMARY_LENGTH)}
        <SubmitButton>{t('outline.addModuleButton')}</SubmitButton>
      </Form>
    </section>
  )
}
