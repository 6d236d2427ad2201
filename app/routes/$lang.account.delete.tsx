import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireUser } from '#app/accounts/auth.server.ts'
import { CurrentPasswordField } from '#app/accounts/profile-fields.tsx'
import { parseReauthenticated } from '#app/accounts/reauth.server.ts'
import { deleteAccount } from '#app/accounts/user.server.ts'
import { ErrorList, SubmitButton, useIsPending } from '#app/components/forms.tsx'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { retryAfterHeaders } from '#app/utils/rate-limit.server.ts'
import { destroySessionCookie } from '#app/utils/session.server.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { DeleteAccountSchema, parseForm } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'account:delete.title')

// A 429's Retry-After reaches the page.
export const headers = retryAfterHeaders

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  return null
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const user = await requireUser(request)
  const checked = await parseReauthenticated(request, user.id, DeleteAccountSchema, {
    passwordField: 'password',
    hideFields: ['password'],
  })
  if ('reply' in checked) return checked.reply
  await deleteAccount(user.id)
  const headers = new Headers()
  headers.append('Set-Cookie', await destroySessionCookie())
  headers.append('Set-Cookie', await toastHeader({ kind: 'info', key: 'account:delete.done' }))
  throw redirect(`/${lang}`, { headers })
}

export default function DeleteAccountPage() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation(['account', 'auth'])
  const pending = useIsPending()
  const [form, fields] = useForm({
    id: 'delete-account',
    constraint: getZodConstraint(DeleteAccountSchema),
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseForm(formData, DeleteAccountSchema),
  })
  return (
    <div className="mx-auto max-w-xl px-4 py-10">
      <h1 className="text-3xl font-bold">{t('delete.title')}</h1>
      <div className="mt-4 space-y-2 text-slate-800">
        <p>{t('delete.explainData')}</p>
        <p>{t('delete.explainCertificates')}</p>
      </div>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-3">
        <CurrentPasswordField field={fields.password} />
        <div>
          <label className="flex items-start gap-2">
            <input {...getInputProps(fields.confirm, { type: 'checkbox' })} className="mt-1 h-4 w-4" />
            <span>{t('delete.confirm')}</span>
          </label>
          <ErrorList errors={fields.confirm.errors} />
        </div>
        <SubmitButton variant="danger" pending={pending}>
          {t('delete.submit')}
        </SubmitButton>
      </Form>
    </div>
  )
}
