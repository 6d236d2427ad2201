// The lesson reader: the lesson pre-rendered to HTML at build time (never compiled here), the
// syllabus beside it, previous/next, reading time, and a clean printed page.
import { randomUUID } from 'node:crypto'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { requireUser } from '#app/accounts/auth.server.ts'
import { ErrorList, fieldErrorsOf, FormError, pageErrorsOf, replyFor } from '#app/components/forms.tsx'
import { AddedAfterCompletionBadge, OnlyInBadge } from '#app/components/lesson-badges.tsx'
import { useOpenSolutionsForPrint } from '#app/components/print-solutions.ts'
import { sendOnce, StaticHtml } from '#app/components/static-html.tsx'
import {
  isCourseStaff,
  isSlugParam,
  lessonAccess,
  lockedLessonPath,
  requireVisibleCourse,
} from '#app/content/access.server.ts'
import {
  conventionOfRequest,
  getCourse,
  lessonHtmlFile,
  lessonHtmlParts,
  readerConventionHeaders,
} from '#app/content/catalog.server.ts'
import { contentLang, type ManifestCourse } from '#app/content/manifest.ts'
import { formatNumMarkup, type NumberConvention } from '#app/content/numbers.ts'
import { type QuizFile } from '#app/content/schema.ts'
import { enrol } from '#app/enrolment/enrol.server.ts'
import { saveNote, setBookmark } from '#app/notes/notes.server.ts'
import { readLessonView } from '#app/progress/lesson-view.server.ts'
import { markLessonComplete, readUserEnrolment, recordView } from '#app/progress/progress.server.ts'
import { attemptsLeft, revealsAnswers } from '#app/quizzes/feedback.ts'
import { type QuestionResult, type QuizAnswers } from '#app/quizzes/grade.ts'
import { conventionFor } from '#app/quizzes/numbers.ts'
import { publicQuiz, reviewAttempt } from '#app/quizzes/public.ts'
import { quizAtVersion, submitQuiz, type ReviewedAttempt } from '#app/quizzes/quiz.server.ts'
import { QuizBlock } from '#app/quizzes/quiz.tsx'
import { quizSubmissionSchema } from '#app/quizzes/submission.ts'
import { useLang } from '#app/root.tsx'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formattingLocale, type Lang } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { MAX_LESSON_NOTE_LENGTH } from '#app/utils/limits.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { IdSchema, intent, intents, LessonNoteSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.lesson.title} · ${data.course.title} · Aula` },
        { name: 'description', content: data.lesson.summary },
      ]
    : []

/** The course of the address as the manifest has it, whoever may see it (requireVisibleCourse decides that); a 404 for none. */
function manifestCourse(courseId: unknown): ManifestCourse {
  const course = isSlugParam(courseId) ? getCourse(courseId) : undefined
  if (!course) throw new Response('Not found', { status: 404 })
  return course
}

// The course's lessons in order, made once per course version (a manifest course is replaced, never
// changed, when a version is published), not on every page.
const lessonsInOrder = new WeakMap<
  ManifestCourse,
  { module: ManifestCourse['modules'][number]; lesson: ManifestCourse['modules'][number]['lessons'][number] }[]
>()

function findLesson(course: ManifestCourse, moduleSlug: unknown, lessonSlug: unknown) {
  if (!isSlugParam(moduleSlug) || !isSlugParam(lessonSlug)) throw new Response('Not found', { status: 404 })
  let flat = lessonsInOrder.get(course)
  if (!flat)
    lessonsInOrder.set(course, (flat = course.modules.flatMap((m) => m.lessons.map((l) => ({ module: m, lesson: l })))))
  const index = flat.findIndex((e) => e.module.slug === moduleSlug && e.lesson.slug === lessonSlug)
  if (index === -1) throw new Response('Not found', { status: 404 })
  return { flat, index, ...flat[index]! }
}

/** Numbers in the reader's convention: the page may vary by Accept-Language (ADR 030). */
export const headers = readerConventionHeaders

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const lang = langParam(params)
  // The course and lesson as the manifest has them (a 404 for neither), then everything of the
  // signed-in reader in one statement (readLessonView), started before this loader's first await so
  // that the root loader's getUser takes the user from it.
  const inManifest = manifestCourse(params.course)
  const { flat, index, module, lesson } = findLesson(inManifest, params.module, params.lesson)
  const attemptParam = new URL(request.url).searchParams.get('attempt')
  const draft = inManifest.status === 'draft'
  const view = await readLessonView(request, {
    course: inManifest,
    lessonId: lesson.id,
    attemptId: IdSchema.safeParse(attemptParam).success ? attemptParam : null,
    // A draft course is for its staff only: the view is recorded once that is checked (below).
    recordView: !draft,
  })
  const user = view?.user ?? null
  const course = requireVisibleCourse(user, params.course)
  const enrolment = view?.enrolment ?? null
  // A paid course's lesson for someone not enrolled: the course's offer (what it contains, its
  // price, buy or request), which says this lesson is part of it. Nothing of the lesson is sent.
  if (lessonAccess(user, course, enrolment) === 'locked') throw redirect(lockedLessonPath(lang, course.id, lesson.id))
  const locale = lesson.locales[lang]
  // A lesson not yet translated into this language: the other language's text, said and marked (ADR 029).
  const textLang = contentLang(lesson, lang)
  const enrolled = Boolean(enrolment && enrolment.status !== 'cancelled')
  const progress = view?.progress ?? null
  // The learner's own note and bookmark on this lesson (private: keyed by the session's user).
  const note = view?.note ?? null
  if (draft && user && enrolled && enrolment!.lastLessonId !== lesson.id)
    await recordView(user.id, course.id, lesson.id)
  // The reader's number convention picks one of the lesson's pre-rendered files: nothing is rendered here.
  const { convention, fromHeader } = conventionOfRequest(request, lang, user?.country)
  const file = lessonHtmlFile(locale, convention)
  const quizzes = await quizStates(
    course,
    locale.quizIds,
    lang,
    convention,
    user?.id ?? null,
    progress?.quizzes ?? {},
    view?.attempt ?? null,
    isCourseStaff(user, course),
    formattingLocale(lang, user?.country),
  )
  const link = (e: (typeof flat)[number] | undefined) =>
    e
      ? {
          href: `/${lang}/courses/${course.id}/${e.module.slug}/${e.lesson.slug}`,
          title: e.lesson.locales[lang].title,
          lang: contentLang(e.lesson, lang),
        }
      : null
  const payload = {
    preview: course.status === 'draft',
    course: { id: course.id, title: course.title[lang] },
    module: { slug: module.slug, title: module.title[lang] },
    lesson: { id: lesson.id, title: locale.title, summary: locale.summary, minutes: locale.minutes, lang: textLang },
    untranslated:
      textLang === lang
        ? null
        : { href: `/${textLang}/courses/${course.id}/${module.slug}/${lesson.slug}`, lang: textLang },
    // The lesson text as markup only on a document request (StaticHtml: sent once).
    content: lessonHtmlParts(file).map((part, i) =>
      'html' in part ? sendOnce(context, `${file}#${i}`, part.html) : part,
    ),
    quizzes,
    access: {
      state: !user ? 'anonymous' : enrolled ? 'enrolled' : 'not-enrolled',
      convention: conventionFor(lang, user?.country),
    } as const,
    completed: progress?.completed.includes(lesson.id) ?? false,
    // Added after this learner completed the course: optional for them (ADR 029).
    addedAfterCompletion: progress?.optional.includes(lesson.id) ?? false,
    note,
    percent: progress?.percent ?? null,
    courseComplete: progress?.complete ?? false,
    canEnrol: Boolean(user && !enrolled && course.priceCents === 0),
    previous: link(flat[index - 1]),
    next: link(flat[index + 1]),
    position: { index: index + 1, total: flat.length },
    syllabus: course.modules.map((m) => ({
      slug: m.slug,
      title: m.title[lang],
      lessons: m.lessons.map((l) => ({
        slug: l.slug,
        title: l.locales[lang].title,
        lang: contentLang(l, lang),
        current: m.slug === module.slug && l.slug === lesson.slug,
        done: progress?.completed.includes(l.id) ?? false,
        optional: progress?.optional.includes(l.id) ?? false,
      })),
    })),
  }
  const variesByHeader = fromHeader && (locale.htmlByConvention || locale.quizIds.length)
  return data(payload, variesByHeader ? { headers: { Vary: 'Accept-Language' } } : undefined)
}

/**
 * The quizzes of this lesson without their keys; with graded results when ?attempt= names one of the
 * learner's own, reviewed against the quiz version that attempt answered. The correct answers and
 * explanations are in the data only when the quiz's feedback policy reveals them now (today's
 * policy, the learner's attempts and pass; staff see everything: app/quizzes/feedback.ts, ADR 020).
 */
async function quizStates(
  course: ManifestCourse,
  quizIds: string[],
  lang: Lang,
  convention: NumberConvention,
  userId: string | null,
  best: Record<string, { best: number; attempts: number; passed: boolean }>,
  /** The learner's own attempt named by ?attempt= (readLessonView), to review. */
  attempt: ReviewedAttempt | null,
  staff: boolean,
  /** The reader's number formatting (formattingLocale): an exercise's table is written in it. */
  locale: string,
) {
  const answered =
    attempt && quizIds.includes(attempt.quizId)
      ? await quizAtVersion(course, attempt.quizId, attempt.quizVersion)
      : null
  return Object.fromEntries(
    quizIds.map((id) => {
      const quiz = course.quizzes[id]!
      const used = best[id]?.attempts ?? 0
      const shown = revealsAnswers(quiz.feedback, {
        staff,
        passed: best[id]?.passed ?? false,
        attemptsLeft: attemptsLeft(quiz.maxAttempts, used),
      })
      const questions =
        attempt?.quizId === id
          ? answered
            ? reviewAttempt(
                answered,
                { results: attempt.results as unknown as QuestionResult[], answers: storedAnswers(attempt.answers) },
                lang,
                { reveal: shown, convention },
              )
            : [] // a version no longer known: the score, without a per-question review
          : null
      return [
        id,
        {
          ...publicQuiz(quiz, lang, `${userId ?? 'anonymous'}:${id}:${used}`, convention, locale),
          attemptsUsed: used,
          best: used ? (best[id]?.best ?? null) : null,
          submissionId: randomUUID(),
          result:
            questions && attempt
              ? {
                  score: attempt.score,
                  passed: attempt.passed,
                  passingScore: answered?.passingScore ?? quiz.passingScore,
                  reviewed: Boolean(answered),
                  answersShown: shown,
                  feedback: quiz.feedback,
                  questions,
                  // A data exercise's worked solution follows the explanations' policy (ADR 032).
                  ...(shown && answered?.solution
                    ? { solution: formatNumMarkup(answered.solution[lang], lang, convention) }
                    : {}),
                }
              : null,
        },
      ]
    }),
  )
}

/** The answers stored with an attempt (JSON written by submitQuiz): an object of question id → answer. */
function storedAnswers(json: unknown): QuizAnswers {
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as QuizAnswers) : {}
}

// The lesson page's forms. (Built inside functions only the action calls, so that Zod stays out of
// the lesson page's JavaScript.)
/**
 * The forms of a lesson; a quiz form is checked with the schema of the quiz it names, built from
 * its public form. Without a quiz of this lesson (an altered form, a lesson changed since the page
 * was shown) it is the schema of a quiz with the empty id, which nothing matches (an empty field
 * is missing): always refused on `quizId`, a form error.
 */
function lessonSchema(quiz: QuizFile | undefined) {
  return intents([
    z.object({ intent: intent('enrol') }),
    z.object({ intent: intent('complete-lesson') }),
    z.object({ intent: intent('save-note'), note: LessonNoteSchema }),
    z.object({ intent: intent('bookmark'), bookmarked: z.enum(['true', 'false']) }),
    quizSubmissionSchema(quiz ? publicQuiz(quiz, 'en') : { id: '', questions: [] }),
  ])
}

const lessonSchemas = new WeakMap<QuizFile, ReturnType<typeof lessonSchema>>()
let lessonSchemaWithoutQuiz: ReturnType<typeof lessonSchema> | undefined

function schemaFor(quiz: QuizFile | undefined) {
  if (!quiz) return (lessonSchemaWithoutQuiz ??= lessonSchema(undefined))
  let schema = lessonSchemas.get(quiz)
  if (!schema) lessonSchemas.set(quiz, (schema = lessonSchema(quiz)))
  return schema
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  // The signed-in user and their enrolment in one statement (readUserEnrolment), started before the
  // first await so that requireUser takes the user from it.
  const read = readUserEnrolment(request, manifestCourse(params.course).id)
  const enrolment = (await read)?.enrolment ?? null
  const user = await requireUser(request)
  const course = requireVisibleCourse(user, params.course)
  const { lesson, module } = findLesson(course, params.module, params.lesson)
  if (lessonAccess(user, course, enrolment) === 'locked') throw new Response('Enrolment required', { status: 403 })
  const quizIds = lesson.locales[lang].quizIds
  const submission = await parseSubmission(request, (form) => {
    const quizId = form.get('quizId')
    return schemaFor(typeof quizId === 'string' && quizIds.includes(quizId) ? course.quizzes[quizId] : undefined)
  })
  if (submission.status !== 'success') return invalid(submission)
  const value = submission.value
  const here = `/${lang}/courses/${course.id}/${module.slug}/${lesson.slug}`
  if (value.intent === 'enrol') {
    if (course.priceCents > 0) return refuse(submission, ['quiz:errors.paid', 403])
    await enrol({ userId: user.id, courseId: course.id, source: 'free' })
    throw redirect(here, { headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'quiz:enrolled' }) } })
  }
  if (!enrolment || enrolment.status === 'cancelled') return refuse(submission, ['quiz:errors.not-enrolled', 403])
  if (value.intent === 'complete-lesson') {
    await markLessonComplete(user.id, course, lesson.id)
    throw redirect(here, {
      headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'quiz:lessonCompleted' }) },
    })
  }
  if (value.intent === 'save-note' || value.intent === 'bookmark') {
    const where = { userId: user.id, courseId: course.id, lessonId: lesson.id }
    if (value.intent === 'save-note') await saveNote(where, value.note)
    else await setBookmark(where, value.bookmarked === 'true')
    const key =
      value.intent === 'save-note'
        ? value.note
          ? 'lesson:notes.saved'
          : 'lesson:notes.deleted'
        : value.bookmarked === 'true'
          ? 'lesson:notes.bookmarked'
          : 'lesson:notes.unbookmarked'
    throw redirect(`${here}#my-notes`, { headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key }) } })
  }
  const { quizId, submissionId, answers } = value
  const result = await submitQuiz({
    userId: user.id,
    course,
    lessonId: lesson.id,
    quizId,
    submissionId,
    answers,
    lang,
    convention: conventionFor(lang, user.country),
  })
  if (!result.ok) return refuse(submission, [`quiz:errors.${result.error}`, result.status])
  throw redirect(`${here}?attempt=${result.attemptId}#quiz-${quizId}`)
}

export default function LessonPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation(['lesson', 'quiz'])
  const lang = useLang()
  useOpenSolutionsForPrint()
  // The quiz forms on the page (they show their own messages).
  const quizForms = Object.values(data.quizzes)
    .filter(
      (q) => data.access.state === 'enrolled' && !q.result && !(q.maxAttempts > 0 && q.attemptsUsed >= q.maxAttempts),
    )
    .map((q) => ['submit-quiz', { quizId: q.id }] as const)
  // A quiz form that sent the reply shows all its messages in its own error summary.
  const quizReplied = quizForms.some(([intent, match]) => replyFor(actionData, intent, match))
  const noteReply = replyFor(actionData, 'save-note')
  return (
    <div className="mx-auto max-w-6xl px-4 py-8">
      {data.preview ? (
        <p role="note" className="no-print mb-6 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {t('previewBanner')}
        </p>
      ) : null}
      <div className="grid gap-10 lg:grid-cols-[16rem_1fr]">
        <nav aria-label={t('syllabus')} className="no-print order-2 lg:order-1">
          <p className="font-semibold">
            <Link to={`/${lang}/courses/${data.course.id}`} className="text-brand-800 hover:underline">
              {data.course.title}
            </Link>
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
                        {l.done ? <span aria-hidden="true">✓ </span> : null}
                        <span lang={l.lang !== lang ? l.lang : undefined}>{l.title}</span>
                        {l.done ? <span className="sr-only"> ({t('quiz:done')})</span> : null}
                      </Link>
                      {l.lang !== lang ? <OnlyInBadge /> : null}
                      {l.optional ? <AddedAfterCompletionBadge /> : null}
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        </nav>
        <article className="order-1 min-w-0 lg:order-2">
          <p className="text-sm text-slate-700">
            {data.module.title} · {t('position', { index: data.position.index, total: data.position.total })} ·{' '}
            {t('readingTime', { count: data.lesson.minutes })}
            <span className="no-print">
              {' · '}
              <Link to={`/${lang}/courses/${data.course.id}/${data.module.slug}`} className="text-brand-700 underline">
                {t('printModule')}
              </Link>
            </span>
          </p>
          <h1 className="mt-2 text-3xl font-bold" lang={data.untranslated ? data.lesson.lang : undefined}>
            {data.lesson.title}
          </h1>
          {data.addedAfterCompletion ? (
            <p className="no-print mt-3 rounded-md bg-sky-50 p-3 text-sm text-sky-950">
              {t('addedAfterCompletion.notice')}
            </p>
          ) : null}
          {data.untranslated ? (
            <section
              aria-labelledby="untranslated-heading"
              className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-950"
            >
              <h2 id="untranslated-heading" className="font-semibold">
                {t('untranslated.heading')}
              </h2>
              <p className="mt-1">{t('untranslated.body')}</p>
              <p className="no-print mt-2">
                <Link to={data.untranslated.href} hrefLang={data.untranslated.lang} className="font-semibold underline">
                  {t('untranslated.readIn')}
                </Link>
              </p>
            </section>
          ) : null}
          <div className="mt-4">
            <FormError errors={quizReplied ? null : pageErrorsOf(actionData, [...quizForms, ['save-note']])} />
          </div>
          {data.percent !== null ? (
            <div className="no-print mt-3 flex items-center gap-3 text-sm text-slate-700">
              <progress max={100} value={data.percent} aria-label={t('quiz:courseProgress')} className="h-2 w-40" />
              <span>{t('quiz:percentComplete', { percent: data.percent })}</span>
            </div>
          ) : null}
          {data.courseComplete ? (
            <p role="status" className="no-print mt-3 rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
              {t('certificates:courseDone')}{' '}
              <Link to={`/${lang}/dashboard#certificates-heading`} className="font-semibold underline">
                {t('certificates:seeDashboard')}
              </Link>
            </p>
          ) : null}
          <div className="lesson-prose mt-6">
            {data.content.map((part, i) =>
              'quiz' in part ? (
                <QuizBlock key={part.quiz} quiz={data.quizzes[part.quiz]} access={data.access} reply={actionData} />
              ) : (
                // Static, pre-rendered lesson text: React leaves it as it is, also when hydrating.
                <StaticHtml key={i} piece={part} lang={data.untranslated ? data.lesson.lang : undefined} />
              ),
            )}
          </div>
          {data.access.state === 'enrolled' ? (
            data.completed ? (
              <p className="no-print mt-10 font-medium text-emerald-800">✓ {t('quiz:lessonDone')}</p>
            ) : (
              <Form method="post" className="no-print mt-10">
                <input type="hidden" name="intent" value="complete-lesson" />
                <button
                  type="submit"
                  className="border-brand-600 text-brand-700 hover:bg-brand-50 rounded-md border px-4 py-2 font-medium"
                >
                  {t('quiz:markComplete')}
                </button>
              </Form>
            )
          ) : data.canEnrol ? (
            <Form method="post" className="no-print mt-10">
              <input type="hidden" name="intent" value="enrol" />
              <p className="mb-2 text-sm text-slate-700">{t('quiz:enrolToTrack')}</p>
              <button
                type="submit"
                className="bg-brand-600 hover:bg-brand-700 rounded-md px-4 py-2 font-medium text-white"
              >
                {t('quiz:enrol')}
              </button>
            </Form>
          ) : null}
          {data.note ? (
            <section
              id="my-notes"
              aria-labelledby="my-notes-heading"
              className="no-print mt-10 rounded-md border border-slate-200 bg-slate-50 p-4"
            >
              <h2 id="my-notes-heading" className="text-lg font-semibold">
                {t('notes.heading')}
              </h2>
              <p className="mt-1 text-sm text-slate-700">{t('notes.private')}</p>
              <Form method="post" className="mt-3">
                <input type="hidden" name="intent" value="bookmark" />
                <input type="hidden" name="bookmarked" value={data.note.bookmarked ? 'false' : 'true'} />
                <button
                  type="submit"
                  aria-pressed={data.note.bookmarked}
                  className="border-brand-600 text-brand-700 hover:bg-brand-50 rounded-md border px-3 py-1.5 text-sm font-medium"
                >
                  <span aria-hidden="true">{data.note.bookmarked ? '★ ' : '☆ '}</span>
                  {t('notes.bookmark')}
                </button>
              </Form>
              <Form method="post" className="mt-4">
                <input type="hidden" name="intent" value="save-note" />
                <label htmlFor="lesson-note" className="block text-sm font-medium text-slate-800">
                  {t('notes.label')}
                </label>
                <p id="lesson-note-help" className="text-sm text-slate-600">
                  {t('notes.help', { max: MAX_LESSON_NOTE_LENGTH })}
                </p>
                <textarea
                  id="lesson-note"
                  name="note"
                  rows={5}
                  maxLength={MAX_LESSON_NOTE_LENGTH}
                  defaultValue={data.note.note}
                  key={data.note.note}
                  aria-describedby={noteReply?.error ? 'lesson-note-help lesson-note-error' : 'lesson-note-help'}
                  aria-invalid={noteReply?.error ? true : undefined}
                  className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base"
                />
                <ErrorList id="lesson-note-error" errors={fieldErrorsOf(noteReply)} />
                <button
                  type="submit"
                  className="bg-brand-600 hover:bg-brand-700 rounded-md px-4 py-2 text-sm font-medium text-white"
                >
                  {t('notes.save')}
                </button>
              </Form>
            </section>
          ) : null}
          <nav
            aria-label={t('pager')}
            className="no-print mt-12 flex flex-wrap justify-between gap-4 border-t border-slate-200 pt-6"
          >
            {data.previous ? (
              <Link to={data.previous.href} rel="prev" className="text-brand-700 hover:underline">
                ← {t('previous')}:{' '}
                <span lang={data.previous.lang !== lang ? data.previous.lang : undefined}>{data.previous.title}</span>
              </Link>
            ) : (
              <span />
            )}
            {data.next ? (
              <Link to={data.next.href} rel="next" className="text-brand-700 text-right hover:underline">
                {t('next')}: <span lang={data.next.lang !== lang ? data.next.lang : undefined}>{data.next.title}</span>{' '}
                →
              </Link>
            ) : null}
          </nav>
        </article>
      </div>
    </div>
  )
}
