import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { changePassword } from '#app/accounts/account.server.ts'
import { requireUser } from '#app/accounts/auth.server.ts'
import { CurrentPasswordField, NewPasswordFields } from '#app/accounts/profile-fields.tsx'
import { parseReauthenticated } from '#app/accounts/reauth.server.ts'
import { SubmitButton, useIsPending } from '#app/components/forms.tsx'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { retryAfterHeaders } from '#app/utils/rate-limit.server.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { ChangePasswordSchema, parseForm } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'account:password.title')

// A 429's Retry-After reaches the page.
export const headers = retryAfterHeaders

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  return null
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const user = await requireUser(request)
  const checked = await parseReauthenticated(request, user.id, ChangePasswordSchema, {
    passwordField: 'currentPassword',
    hideFields: ['currentPassword', 'password', 'confirmPassword'],
  })
  if ('reply' in checked) return checked.reply
  // Other devices are signed out; this one stays.
  await changePassword({ userId: user.id, password: checked.value.password, keepSessionId: user.sessionId })
  throw redirect(`/${lang}/account`, {
    headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'account:password.changed' }) },
  })
}

export default function ChangePasswordPage() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation(['account', 'auth'])
  const pending = useIsPending()
  const [form, fields] = useForm({
    id: 'change-password',
    constraint: getZodConstraint(ChangePasswordSchema),
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseForm(formData, ChangePasswordSchema),
    shouldRevalidate: 'onBlur',
  })
  return (
    <div className="mx-auto max-w-md px-4 py-10">
      <h1 className="text-3xl font-bold">{t('password.title')}</h1>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-2">
        <CurrentPasswordField field={fields.currentPassword} label={t('password.current')} />
        <NewPasswordFields fields={fields} isNew />
        <SubmitButton pending={pending}>{t('password.submit')}</SubmitButton>
      </Form>
    </div>
  )
}
