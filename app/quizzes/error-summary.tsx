import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * The accessible forms pattern: when the server refuses the form, a summary at the top of the quiz
 * says what is wrong, with a link to each question it concerns, and takes focus, so a keyboard or
 * screen-reader user lands on it. Without JavaScript the server's page carries `autofocus` (the
 * browser focuses it on load); with it, an effect focuses it when the reply arrives.
 */
export function ErrorSummary({
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
