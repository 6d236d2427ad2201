// A quiz inside a lesson: its rules, then the way in (log in, enrol), the form (quiz-form.tsx) or
// the graded attempt (reviewed-item.tsx). Answer keys never reach these components before grading.
import { Form, Link, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { type Reply } from '#app/components/forms.tsx'
import { useLang } from '#app/root.tsx'
import { ExerciseData } from './exercise-data.tsx'
import { attemptsLeft as attemptsLeftOf, type FeedbackPolicy } from './feedback.ts'
import { type PublicQuiz, type ReviewedQuestion } from './public.ts'
import { QuizForm } from './quiz-form.tsx'
import { ReviewedItem } from './reviewed-item.tsx'

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

/** A quiz as the lesson page shows it: the public quiz (ids, prompts, no keys) and the learner's attempts. */
export type QuizState = PublicQuiz & {
  attemptsUsed: number
  best: number | null
  submissionId: string
  result: QuizResult | null
}

export type QuizAccess = { state: 'anonymous' | 'not-enrolled' | 'enrolled'; convention: 'point' | 'comma' }

// One formatter per language for scores, made once (constructing one is the costly part).
const scoreFormats = new Map<string, Intl.NumberFormat>()
function scoreFormat(lang: string) {
  let format = scoreFormats.get(lang)
  if (!format) scoreFormats.set(lang, (format = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 })))
  return format
}

export function QuizBlock({ quiz, access, reply }: { quiz: QuizState | undefined; access: QuizAccess; reply: Reply }) {
  const { t } = useTranslation('quiz')
  const lang = useLang()
  const location = useLocation()
  if (!quiz) return null
  const attemptsLeft = attemptsLeftOf(quiz.maxAttempts, quiz.attemptsUsed)
  const number = scoreFormat(lang)
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
