// One question of a quiz's form: a fieldset and legend, keyboard-only controls, and (numeric) how
// the answer will be read. What the learner sent in a refused form is shown again.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList } from '#app/components/forms.tsx'
import { parseLearnerNumber } from './numbers.ts'
import { type PublicQuestion } from './public.ts'

/** What the learner sent in a form the server refused (Conform's initialValue): shown again, so nothing is lost. */
export type Sent = Record<string, unknown>

const sentString = (value: unknown) => (typeof value === 'string' ? value : undefined)
const sentList = (value: unknown) =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : []
export const sentRecord = (value: unknown): Sent =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Sent) : {}

/** The id of a question's first control: where the error summary's link for that question leads. */
export function controlId(formId: string, question: PublicQuestion, part?: string) {
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

export function Question({
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
      {question.type === 'match' || question.type === 'order' ? (
        <PartSelects question={question} id={id} name={name} sent={sent} describedBy={describedBy} />
      ) : null}
      {errors.length ? (
        <div className="clear-left">
          <ErrorList id={errorId} errors={errors} />
        </div>
      ) : null}
    </fieldset>
  )
}

/**
 * One select per part of a question, all required: a match question's items, each given a category;
 * an order question's options, each given a position. What was sent is chosen again.
 */
function PartSelects({
  question,
  id,
  name,
  sent,
  describedBy,
}: {
  question: PublicQuestion
  id: (part: string) => string
  name: string
  sent: unknown
  describedBy?: string
}) {
  const { t } = useTranslation('quiz')
  const match = question.type === 'match'
  const parts = match ? question.items! : question.options!
  const choices = match
    ? question.categories!.map((c) => ({ value: c.id, text: c.text }))
    : parts.map((_, i) => ({ value: String(i + 1), text: String(i + 1) }))
  return (
    <div className="clear-left space-y-3">
      <p className="text-sm text-slate-700">{match ? t('matchHelp') : t('orderHelp', { count: parts.length })}</p>
      {parts.map((part) => (
        <label
          key={part.id}
          className={`grid gap-1 ${match ? 'sm:grid-cols-[1fr_16rem]' : 'sm:grid-cols-[1fr_10rem]'} sm:items-center`}
        >
          <span>{part.text}</span>
          <select
            id={id(part.id)}
            name={`${name}.${part.id}`}
            required
            defaultValue={sentString(sentRecord(sent)[part.id]) ?? ''}
            aria-describedby={describedBy}
            className="rounded-md border border-slate-400 bg-white px-2 py-1.5"
          >
            <option value="" disabled>
              {match ? t('chooseCategory') : t('position')}
            </option>
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.text}
              </option>
            ))}
          </select>
        </label>
      ))}
    </div>
  )
}
