import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { replyFor, type Reply } from '#app/components/forms.tsx'
import { ErrorSummary } from './error-summary.tsx'
import { controlId, Question, sentRecord } from './question.tsx'
import { type QuizAccess, type QuizState } from './quiz.tsx'

/** The messages of one question: its own and those of its parts (a match item, an order option). */
function questionErrors(all: Record<string, string[] | null>, questionId: string): string[] {
  const name = `answers.${questionId}`
  const messages = Object.entries(all).flatMap(([key, list]) =>
    key === name || key.startsWith(`${name}.`) ? (list ?? []) : [],
  )
  return [...new Set(messages)]
}

/**
 * The form of a quiz the learner may take. The server checks it with the quiz form's schema
 * (app/quizzes/submission.ts) and its messages show under each question, with a summary at the top
 * of the quiz. In the browser the form relies on the inputs' own constraints (every question
 * required): the lesson page is the page with a JavaScript budget (DESIGN.md, Performance), and Zod
 * and Conform would add about 28 KB gzipped to it (ADR 013).
 */
export function QuizForm({ quiz, access, reply }: { quiz: QuizState; access: QuizAccess; reply: Reply }) {
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
