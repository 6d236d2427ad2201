// A quiz inside a lesson: an accessible form (fieldset and legend per question, keyboard-only
// controls, no drag and drop) that works without JavaScript and shows, with it, how a numeric
// answer will be read. Answer keys never reach this component before grading.
import { Form, Link, useLocation, useNavigation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, replyFor, type Reply } from '#app/components/forms.tsx'
import { useLang } from '#app/root.tsx'
import { attemptsLeft as attemptsLeftOf, type FeedbackPolicy } from './feedback.ts'
import { parseLearnerNumber } from './numbers.ts'
import { type PublicData, type ReviewedQuestion } from './public.ts'

export type PublicQuestion = {
  id: string
  type: 'single' | 'multiple' | 'truefalse' | 'numeric' | 'text' | 'match' | 'order'
  prompt: string
  options?: Array<{ id: string; text: string }>
  categories?: Array<{ id: string; text: string }>
  items?: Array<{ id: string; text: string }>
  unit?: string
}

export type QuizResult = {
  score: number
  passed: boolean
  // Of the quiz version the attempt answered (which may differ from today's quiz).
  passingScore: number
  // False when that version is no longer known: the score only, no per-question review.
  reviewed: boolean
  // Whether the feedback policy shows the correct answers and explanations now (feedback.ts).
  answersShown: boolean
  feedback: FeedbackPolicy
  questions: ReviewedQuestion[]
  /** A data exercise's worked solution: only when answers are shown (as explanations are). */
  solution?: string
}

export type QuizState = {
  id: string
  /** A data exercise (ADR 032): its table is shown above the steps, which are its questions. */
  kind?: 'exercise'
  data?: PublicData
  passingScore: number
  maxAttempts: number
  questions: PublicQuestion[]
  attemptsUsed: number
  best: number | null
  submissionId: string
  result: QuizResult | null
}

export type QuizAccess = { state: 'anonymous' | 'not-enrolled' | 'enrolled'; convention: 'point' | 'comma' }

/** What the learner sent in a form the server refused (Conform's initialValue): shown again, so nothing is lost. */
type Sent = Record<string, unknown>

const sentString = (value: unknown) => (typeof value === 'string' ? value : undefined)
const sentList = (value: unknown) =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : []
const sentRecord = (value: unknown): Sent =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Sent) : {}

/** The id of a question's first control: where the error summary's link for that question leads. */
function controlId(formId: string, question: PublicQuestion, part?: string) {
  const first =
    question.type === 'truefalse'
      ? 'true'
      : question.type === 'numeric' || question.type === 'text'
        ? 'input'
        : question.type === 'match'
          ? question.items![0]?.id
          : question.options![0]?.id
  return `${formId}-${question.id}-${part ?? first}`
}

function NumericInput({
  id,
  name,
  convention,
  unit,
  label,
  initial,
  describedBy,
}: {
  id: string
  name: string
  convention: 'point' | 'comma'
  unit?: string
  label: string
  initial?: string
  describedBy?: string
}) {
  const { t } = useTranslation('quiz')
  const [value, setValue] = useState(initial ?? '')
  const read = value.trim() ? parseLearnerNumber(value, convention) : null
  const hintId = `${name}-read`
  return (
    <div>
      <label className="flex flex-wrap items-center gap-2">
        <span className="sr-only">{label}</span>
        <input
          id={id}
          name={name}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          maxLength={30}
          required
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby={[hintId, describedBy].filter(Boolean).join(' ')}
          className="w-48 rounded-md border border-slate-400 px-3 py-2"
        />
        {unit ? <span className="text-slate-700">{unit}</span> : null}
      </label>
      <p id={hintId} className="mt-1 min-h-5 text-sm text-slate-700" aria-live="polite">
        {value.trim()
          ? read
            ? t('readAs', { value: read.normalised })
            : t('notANumber')
          : t(`convention.${convention}`)}
      </p>
    </div>
  )
}

function Question({
  question,
  index,
  step,
  convention,
  errors,
  errorId,
  formId,
  sent,
}: {
  question: PublicQuestion
  index: number
  /** A step of a data exercise: "Step 2", shown (the order matters), instead of "Question 2" for screen readers. */
  step: boolean
  convention: 'point' | 'comma'
  errors: string[]
  errorId: string
  formId: string
  /** This question's answer as last sent, when the server refused the form. */
  sent: unknown
}) {
  const { t } = useTranslation('quiz')
  const name = `answers.${question.id}`
  const choice = 'flex items-start gap-2 rounded px-2 py-1 hover:bg-slate-50'
  const invalid = errors.length ? true : undefined
  const describedBy = errors.length ? errorId : undefined
  const id = (part: string) => controlId(formId, question, part)
  return (
    <fieldset
      id={`${formId}-${question.id}`}
      className="rounded-md border border-slate-300 p-4 aria-[invalid=true]:border-red-600"
      aria-invalid={invalid}
      aria-describedby={describedBy}
    >
      <legend className="float-left mb-2 w-full font-semibold">
        {step ? (
          <span>{t('exercise.stepN', { n: index + 1 })}: </span>
        ) : (
          <span className="sr-only">{t('questionN', { n: index + 1 })}: </span>
        )}
        {question.prompt}
      </legend>
      {question.type === 'single' || question.type === 'multiple' ? (
        <div className="clear-left space-y-1">
          {question.type === 'multiple' ? <p className="text-sm text-slate-700">{t('chooseAll')}</p> : null}
          {question.options!.map((o) => (
            <label key={o.id} className={choice}>
              <input
                id={id(o.id)}
                type={question.type === 'single' ? 'radio' : 'checkbox'}
                name={name}
                value={o.id}
                required={question.type === 'single'}
                defaultChecked={sentList(sent).includes(o.id)}
                className="mt-1.5"
              />
              <span>{o.text}</span>
            </label>
          ))}
        </div>
      ) : null}
      {question.type === 'truefalse' ? (
        <div className="clear-left flex gap-4">
          {(['true', 'false'] as const).map((v) => (
            <label key={v} className={choice}>
              <input
                id={id(v)}
                type="radio"
                name={name}
                value={v}
                required
                defaultChecked={sent === v}
                className="mt-1.5"
              />
              <span>{t(v)}</span>
            </label>
          ))}
        </div>
      ) : null}
      {question.type === 'numeric' ? (
        <div className="clear-left">
          <NumericInput
            id={id('input')}
            name={name}
            convention={convention}
            unit={question.unit}
            label={question.prompt}
            initial={sentString(sent)}
            describedBy={describedBy}
          />
        </div>
      ) : null}
      {question.type === 'text' ? (
        <label className="clear-left block">
          <span className="sr-only">{question.prompt}</span>
          <input
            id={id('input')}
            name={name}
            type="text"
            maxLength={200}
            required
            autoComplete="off"
            defaultValue={sentString(sent)}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            className="w-full max-w-md rounded-md border border-slate-400 px-3 py-2"
          />
        </label>
      ) : null}
      {question.type === 'match' ? (
        <div className="clear-left space-y-3">
          <p className="text-sm text-slate-700">{t('matchHelp')}</p>
          {question.items!.map((item) => (
            <label key={item.id} className="grid gap-1 sm:grid-cols-[1fr_16rem] sm:items-center">
              <span>{item.text}</span>
              <select
                id={id(item.id)}
                name={`${name}.${item.id}`}
                required
                defaultValue={sentString(sentRecord(sent)[item.id]) ?? ''}
                aria-describedby={describedBy}
                className="rounded-md border border-slate-400 bg-white px-2 py-1.5"
              >
                <option value="" disabled>
                  {t('chooseCategory')}
                </option>
                {question.categories!.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.text}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      ) : null}
      {question.type === 'order' ? (
        <div className="clear-left space-y-3">
          <p className="text-sm text-slate-700">{t('orderHelp', { count: question.options!.length })}</p>
          {question.options!.map((o) => (
            <label key={o.id} className="grid gap-1 sm:grid-cols-[1fr_10rem] sm:items-center">
              <span>{o.text}</span>
              <select
                id={id(o.id)}
                name={`${name}.${o.id}`}
                required
                defaultValue={sentString(sentRecord(sent)[o.id]) ?? ''}
                aria-describedby={describedBy}
                className="rounded-md border border-slate-400 bg-white px-2 py-1.5"
              >
                <option value="" disabled>
                  {t('position')}
                </option>
                {question.options!.map((_, i) => (
                  <option key={i} value={i + 1}>
                    {i + 1}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      ) : null}
      {errors.length ? (
        <div className="clear-left">
          <ErrorList id={errorId} errors={errors} />
        </div>
      ) : null}
    </fieldset>
  )
}

/** The messages of one question: its own and those of its parts (a match item, an order option). */
function questionErrors(all: Record<string, string[] | null>, questionId: string): string[] {
  const name = `answers.${questionId}`
  const messages = Object.entries(all).flatMap(([key, list]) =>
    key === name || key.startsWith(`${name}.`) ? (list ?? []) : [],
  )
  return [...new Set(messages)]
}

/**
 * The accessible forms pattern: when the server refuses the form, a summary at the top of the quiz
 * says what is wrong, with a link to each question it concerns, and takes focus, so a keyboard or
 * screen-reader user lands on it. Without JavaScript the server's page carries `autofocus` (the
 * browser focuses it on load); with it, an effect focuses it when the reply arrives.
 */
function ErrorSummary({
  id,
  formErrors,
  questions,
  reply,
  step,
}: {
  id: string
  formErrors: string[]
  questions: Array<{ index: number; href: string; errors: string[] }>
  reply: unknown
  step: boolean
}) {
  const { t } = useTranslation('quiz')
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    ref.current?.focus()
  }, [reply])
  return (
    <div
      ref={ref}
      id={id}
      tabIndex={-1}
      autoFocus
      aria-labelledby={`${id}-title`}
      role="group"
      className="rounded-md border-2 border-red-700 bg-red-50 p-4 text-red-900 focus:outline-3 focus:outline-offset-2 focus:outline-red-700"
    >
      <div role="alert">
        <h3 id={`${id}-title`} className="mt-0 font-semibold">
          {t('errorSummary')}
        </h3>
        <ul className="mt-2 mb-0 list-none space-y-1 p-0">
          {formErrors.map((error) => (
            <li key={error}>{t(error)}</li>
          ))}
          {questions.map((q) => (
            <li key={q.href}>
              <a
                href={q.href}
                className="font-medium text-red-900 underline"
                onClick={(event) => {
                  const target = document.getElementById(q.href.slice(1))
                  if (!target) return
                  event.preventDefault()
                  target.focus()
                  target.scrollIntoView({ block: 'center' })
                }}
              >
                {step ? t('exercise.stepN', { n: q.index + 1 }) : t('questionN', { n: q.index + 1 })}:{' '}
                {q.errors.map((e) => t(e)).join(' ')}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  )
}

/**
 * The form of a quiz the learner may take. The server checks it with the quiz form's schema
 * (app/quizzes/submission.ts) and its messages show under each question, with a summary at the top
 * of the quiz. In the browser the form relies on the inputs' own constraints (every question
 * required): the lesson page is the page with a JavaScript budget (DESIGN.md, Performance), and Zod
 * and Conform would add about 28 KB gzipped to it (ADR 013).
 */
function QuizForm({ quiz, access, reply }: { quiz: QuizState; access: QuizAccess; reply: Reply }) {
  const { t } = useTranslation('quiz')
  const navigation = useNavigation()
  const pending = navigation.state === 'submitting' && navigation.formData?.get('quizId') === quiz.id
  const result = replyFor(reply, 'submit-quiz', { quizId: quiz.id })
  const errors = result?.error ?? {}
  const sent = sentRecord(sentRecord(result?.initialValue).answers)
  const formId = `quiz-form-${quiz.id}`
  const perQuestion = quiz.questions.map((question, index) => ({
    question,
    index,
    errors: questionErrors(errors, question.id),
  }))
  const formErrors = errors[''] ?? []
  const summary = perQuestion.filter((q) => q.errors.length)
  return (
    <Form method="post" id={formId} className="mt-4 space-y-4" preventScrollReset>
      {formErrors.length || summary.length ? (
        <ErrorSummary
          id={`${formId}-errors`}
          formErrors={formErrors}
          questions={summary.map((q) => ({
            index: q.index,
            href: `#${controlId(formId, q.question)}`,
            errors: q.errors,
          }))}
          reply={result}
          step={quiz.kind === 'exercise'}
        />
      ) : null}
      <input type="hidden" name="intent" value="submit-quiz" />
      <input type="hidden" name="quizId" value={quiz.id} />
      <input type="hidden" name="submissionId" value={quiz.submissionId} />
      {perQuestion.map(({ question, index, errors }) => (
        <Question
          key={question.id}
          question={question}
          index={index}
          step={quiz.kind === 'exercise'}
          convention={access.convention}
          errors={errors}
          errorId={`${formId}-${question.id}-error`}
          formId={formId}
          sent={sent[question.id]}
        />
      ))}
      <button
        type="submit"
        disabled={pending}
        className="bg-brand-600 hover:bg-brand-700 rounded-md px-4 py-2 font-medium text-white disabled:opacity-60"
      >
        {pending ? t('grading') : t('submit')}
      </button>
    </Form>
  )
}

/** One question of a graded attempt: the result, the learner's answer as read, the hint, and what the policy shows. */
function ReviewedItem({ q, index }: { q: ReviewedQuestion; index: number }) {
  const { t } = useTranslation('quiz')
  return (
    <li className="rounded-md border border-slate-200 p-3">
      <p className="font-medium">
        <span>{index + 1}.</span> {q.prompt}
      </p>
      <p className={`mt-1 font-semibold ${q.correct ? 'text-emerald-800' : 'text-red-800'}`}>
        {q.correct ? t('correct') : q.score > 0 ? t('partly', { percent: Math.round(q.score * 100) }) : t('incorrect')}
      </p>
      <p className="mt-1 text-sm">
        {t('yourAnswer')}:{' '}
        {q.given === null ? (
          <em>{t('noAnswer')}</em>
        ) : q.readAs === undefined ? (
          q.given
        ) : q.readAs === null ? (
          t('givenUnreadable', { given: q.given })
        ) : (
          t('givenReadAs', { given: q.given, value: q.readAs })
        )}
      </p>
      {q.hint ? (
        <p className="mt-1 text-sm">
          <strong>{t('hint')}:</strong> {q.hint}
        </p>
      ) : null}
      {!q.correct && q.correctAnswer !== undefined ? (
        <p className="mt-1 text-sm">
          {t('correctAnswer')}: {q.correctAnswer}
        </p>
      ) : null}
      {q.explanation !== undefined ? <p className="mt-1 text-sm text-slate-700">{q.explanation}</p> : null}
    </li>
  )
}

export function QuizBlock({ quiz, access, reply }: { quiz: QuizState | undefined; access: QuizAccess; reply: Reply }) {
  const { t } = useTranslation('quiz')
  const lang = useLang()
  const location = useLocation()
  if (!quiz) return null
  const attemptsLeft = attemptsLeftOf(quiz.maxAttempts, quiz.attemptsUsed)
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 })
  const headingId = `quiz-${quiz.id}-heading`
  const exercise = quiz.kind === 'exercise'
  return (
    <section
      id={`quiz-${quiz.id}`}
      aria-labelledby={headingId}
      className="not-prose border-brand-600 my-10 rounded-lg border-2 p-5"
    >
      <h2 id={headingId} className="text-xl font-bold">
        {exercise ? t('exercise.title') : t('title')}
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        {exercise
          ? t('exercise.rules', { count: quiz.questions.length, passing: quiz.passingScore })
          : t('rules', { count: quiz.questions.length, passing: quiz.passingScore })}{' '}
        {attemptsLeft !== null ? t('attemptsLeft', { count: attemptsLeft }) : t('unlimited')}
        {quiz.best !== null ? ` ${t('best', { score: number.format(quiz.best) })}` : ''}
      </p>
      {quiz.data ? <ExerciseData id={`quiz-${quiz.id}-data`} data={quiz.data} /> : null}
      {access.state === 'anonymous' ? (
        <p className="mt-4">
          <Link
            to={`/${lang}/login?redirectTo=${encodeURIComponent(location.pathname)}`}
            className="text-brand-700 font-medium underline"
          >
            {exercise ? t('exercise.logInToTake') : t('logInToTake')}
          </Link>
        </p>
      ) : access.state === 'not-enrolled' ? (
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="enrol" />
          <p className="mb-2 text-sm">{exercise ? t('exercise.enrolToTake') : t('enrolToTake')}</p>
          <button type="submit" className="bg-brand-600 hover:bg-brand-700 rounded-md px-4 py-2 font-medium text-white">
            {t('enrol')}
          </button>
        </Form>
      ) : quiz.result ? (
        <div className="mt-4 space-y-4">
          <p
            role="status"
            className={`rounded-md p-3 font-semibold ${quiz.result.passed ? 'bg-emerald-50 text-emerald-900' : 'bg-amber-50 text-amber-900'}`}
          >
            {quiz.result.passed
              ? t('passed', { score: number.format(quiz.result.score) })
              : t('failed', { score: number.format(quiz.result.score), passing: quiz.result.passingScore })}
          </p>
          {quiz.result.reviewed ? null : <p className="text-sm">{t('reviewUnavailable')}</p>}
          {quiz.result.reviewed && !quiz.result.answersShown ? (
            <p className="text-sm">
              {exercise
                ? t(`exercise.answersHidden.${quiz.result.feedback}`)
                : t(`answersHidden.${quiz.result.feedback}`)}
            </p>
          ) : null}
          {/* The list's own numbers are turned off: each item writes its number once, "1. …". */}
          <ol className="list-none space-y-3 p-0">
            {quiz.result.questions.map((q, i) => (
              <ReviewedItem key={q.id} q={q} index={i} />
            ))}
          </ol>
          {quiz.result.solution !== undefined ? (
            <section aria-labelledby={`quiz-${quiz.id}-solution`} className="rounded-md bg-slate-50 p-3">
              <h3 id={`quiz-${quiz.id}-solution`} className="font-semibold">
                {t('exercise.solution')}
              </h3>
              <p className="mt-1 text-sm whitespace-pre-line">{quiz.result.solution}</p>
            </section>
          ) : null}
          {attemptsLeft === null || attemptsLeft > 0 ? (
            <Link
              to={`${location.pathname}#quiz-${quiz.id}`}
              className="bg-brand-600 hover:bg-brand-700 inline-block rounded-md px-4 py-2 font-medium text-white"
            >
              {t('retry')}
            </Link>
          ) : (
            <p className="text-sm">{t('noAttemptsLeft')}</p>
          )}
        </div>
      ) : attemptsLeft === 0 ? (
        <p className="mt-4">{t('noAttemptsLeft')}</p>
      ) : (
        <QuizForm quiz={quiz} access={access} reply={reply} />
      )}
    </section>
  )
}

/**
 * A data exercise's table: what the learner computes from. Numbers come written in the reader's
 * convention (publicData). The wrapper scrolls sideways on a narrow screen and can take focus, so a
 * keyboard user can scroll it too.
 */
function ExerciseData({ id, data }: { id: string; data: PublicData }) {
  const { t } = useTranslation('quiz')
  return (
    <figure className="mt-4">
      <div role="region" aria-labelledby={`${id}-caption`} tabIndex={0} className="overflow-x-auto">
        <table className="w-full border-collapse text-left text-sm">
          <caption id={`${id}-caption`} className="text-left font-medium">
            {data.caption}
          </caption>
          <thead>
            <tr className="border-b border-slate-400">
              {data.columns.map((c) => (
                <th key={c.id} scope="col" className="px-2 py-1 align-bottom">
                  {c.label}
                  {c.unit ? <span className="block font-normal text-slate-700">({c.unit})</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row, r) => (
              <tr key={r} className="border-b border-slate-200">
                {row.map((cell, c) =>
                  c === 0 && !cell.number ? (
                    <th key={c} scope="row" className="px-2 py-1 font-normal">
                      {cell.text}
                    </th>
                  ) : (
                    <td key={c} className={`px-2 py-1 ${cell.number ? 'text-right tabular-nums' : ''}`}>
                      {cell.text}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figcaption className="mt-1 text-sm text-slate-700">
        {t('exercise.source')}: {data.source}
      </figcaption>
    </figure>
  )
}
