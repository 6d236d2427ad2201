// One choice and a button, posted with an intent: the person page's role, enrol and issue forms.
import { Form } from '@remix-run/react'
import { ErrorList, fieldErrorsOf, replyFor, SubmitButton, type Reply } from '#app/components/forms.tsx'

export function SelectForm({
  intent,
  id,
  name,
  label,
  options,
  defaultValue,
  help,
  submit,
  reply,
  className = 'mt-4',
}: {
  intent: string
  id: string
  name: string
  label: string
  options: Array<{ value: string; label: string }>
  defaultValue?: string
  help?: string
  submit: string
  reply: Reply
  className?: string
}) {
  const helpId = help ? `${id}-help` : undefined
  return (
    <Form method="post" className={`${className} flex flex-wrap items-end gap-2`}>
      <input type="hidden" name="intent" value={intent} />
      <div>
        <label htmlFor={id} className="mb-1 block text-sm font-medium">
          {label}
        </label>
        <select
          id={id}
          name={name}
          defaultValue={defaultValue}
          aria-describedby={helpId}
          className="rounded-md border border-slate-400 px-3 py-2"
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        {help ? (
          <p id={helpId} className="mt-1 max-w-xl text-xs text-slate-700">
            {help}
          </p>
        ) : null}
      </div>
      <SubmitButton variant="secondary">{submit}</SubmitButton>
      <ErrorList errors={fieldErrorsOf(replyFor(reply, intent))} />
    </Form>
  )
}
