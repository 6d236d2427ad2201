// Form fields that wire label, description and errors for assistive technology, and reserve
// room for the error so the layout does not jump. Errors are i18n keys, translated here.
import { type SubmissionResult } from '@conform-to/react'
import { useNavigation } from '@remix-run/react'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation()
  const shown = errors?.filter(Boolean) ?? []
  return (
    <div id={id} className="min-h-5 pt-1 text-sm text-red-700" aria-live="polite">
      {shown.length ? (
        <ul>
          {shown.map((error) => (
            <li key={error}>{t(error)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

type TextAreaFieldProps = {
  label: string
  description?: string
  errors?: string[] | null
  textareaProps: React.TextareaHTMLAttributes<HTMLTextAreaElement> & { name: string }
  /** Data typed as text (CSV): a fixed-width font. */
  mono?: boolean
}

/** The wiring a control shares with its label, description and errors (ids and ARIA attributes). */
type ControlWiring = {
  id: string
  className: string
  'aria-invalid': true | undefined
  'aria-describedby': string | undefined
}

/**
 * A label, an optional description, the control `control` draws with the wiring it is given, and the
 * errors under it: the frame Field and TextAreaField share.
 */
function LabelledControl({
  label,
  description,
  errors,
  controlId,
  className,
  control,
}: {
  label: string
  description?: string
  errors?: string[] | null
  controlId: string | undefined
  className: string
  control: (wiring: ControlWiring) => React.ReactNode
}) {
  const fallbackId = useId()
  const id = controlId ?? fallbackId
  const errorId = errors?.length ? `${id}-error` : undefined
  const descriptionId = description ? `${id}-description` : undefined
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
      </label>
      {description ? (
        <p id={descriptionId} className="mb-1 text-sm text-slate-600">
          {description}
        </p>
      ) : null}
      {control({
        id,
        className,
        'aria-invalid': errorId ? true : undefined,
        'aria-describedby': [descriptionId, errorId].filter(Boolean).join(' ') || undefined,
      })}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

/** A textarea wired as Field wires an input: label, description, errors. */
export function TextAreaField({ label, description, errors, textareaProps, mono }: TextAreaFieldProps) {
  return (
    <LabelledControl
      label={label}
      description={description}
      errors={errors}
      controlId={textareaProps.id}
      className={mono ? `${inputClass} font-mono text-sm` : inputClass}
      control={(wiring) => <textarea rows={3} {...textareaProps} {...wiring} />}
    />
  )
}

type FieldProps = {
  label: string
  description?: string
  errors?: string[] | null
  inputProps: React.InputHTMLAttributes<HTMLInputElement> & { name: string }
}

const inputClass =
  'block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600 aria-[invalid=true]:border-red-600'

export function Field({ label, description, errors, inputProps }: FieldProps) {
  return (
    <LabelledControl
      label={label}
      description={description}
      errors={errors}
      controlId={inputProps.id}
      className={inputClass}
      control={(wiring) => <input {...inputProps} {...wiring} />}
    />
  )
}

type SelectFieldProps = {
  label: string
  errors?: string[] | null
  options: Array<{ value: string; label: string }>
  placeholder?: string
  selectProps: React.SelectHTMLAttributes<HTMLSelectElement> & { name: string }
}

export function SelectField({ label, errors, options, placeholder, selectProps }: SelectFieldProps) {
  const fallbackId = useId()
  const id = selectProps.id ?? fallbackId
  const errorId = errors?.length ? `${id}-error` : undefined
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        {...selectProps}
        id={id}
        className={inputClass}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

export function useIsPending(formAction?: string) {
  const navigation = useNavigation()
  return navigation.state === 'submitting' && (formAction === undefined || navigation.formAction === formAction)
}

export function SubmitButton({
  children,
  pending,
  variant = 'primary',
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & {
  pending?: boolean
  variant?: 'primary' | 'secondary' | 'danger'
}) {
  const styles = {
    primary: 'bg-brand-600 text-white hover:bg-brand-700',
    secondary: 'border border-slate-400 bg-white text-slate-900 hover:bg-slate-50',
    danger: 'bg-red-700 text-white hover:bg-red-800',
  }[variant]
  return (
    <button
      type="submit"
      {...props}
      aria-disabled={pending || undefined}
      className={`inline-flex items-center justify-center rounded-md px-4 py-2 font-medium ${styles} disabled:opacity-60 ${props.className ?? ''}`}
    >
      {children}
    </button>
  )
}

export function FormError({ errors }: { errors?: string[] | null }) {
  const { t } = useTranslation()
  if (!errors?.length) return null
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
      {errors.map((error) => (
        <p key={error}>{t(error)}</p>
      ))}
    </div>
  )
}

export type Reply = { result?: SubmissionResult<string[]> } | null | undefined

/**
 * The action's reply (app/utils/form.server.ts) for one form of a page with several: the one whose
 * `intent` (and, for a form repeated per row, whose `match`ed hidden ids) sent it. Pass it to
 * that form's `useForm({ lastResult })`; the other forms get nothing.
 */
export function replyFor(
  reply: Reply,
  intent: string,
  match: Record<string, string> = {},
): SubmissionResult<string[]> | undefined {
  const result = reply?.result
  const sent = result?.initialValue as Record<string, unknown> | null | undefined
  if (!result || !sent || sent.intent !== intent) return undefined
  return Object.entries(match).every(([name, value]) => sent[name] === value) ? result : undefined
}

/** The form's own messages in a reply (a refusal, an altered form): the page shows them in one alert. */
export function formErrorsOf(reply: Reply): string[] | null {
  return reply?.result?.error?.[''] ?? null
}

/**
 * The messages a page with several forms shows in its one alert: the form's own when one of the
 * `forms` it shows (intent, and the hidden ids of a form repeated per row) sent the reply and shows
 * the field messages beside its fields; every message when none did (a form no longer on the page,
 * or one with no visible fields).
 */
export function pageErrorsOf(
  reply: Reply,
  forms: Array<readonly [intent: string, match?: Record<string, string>]>,
): string[] | null {
  const error = reply?.result?.error
  if (!error) return null
  const shown = forms.some(([intent, match]) => replyFor(reply, intent, match))
  const messages = shown ? (error[''] ?? []) : Object.values(error).flatMap((list) => list ?? [])
  return messages.length ? [...new Set(messages)] : null
}

/** The field messages of a reply, for a form whose fields are all lists the page filled (no field shows them). */
export function fieldErrorsOf(result: SubmissionResult<string[]> | undefined): string[] | null {
  const messages = Object.entries(result?.error ?? {}).flatMap(([name, list]) => (name === '' ? [] : (list ?? [])))
  return messages.length ? [...new Set(messages)] : null
}
