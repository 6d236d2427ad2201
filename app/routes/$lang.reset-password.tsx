import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { NewPasswordFields } from '#app/accounts/profile-fields.tsx'
import { findVerification, resetPassword } from '#app/accounts/token.server.ts'
import { FormError, SubmitButton, useIsPending } from '#app/components/forms.tsx'
import { useLang } from '#app/root.tsx'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { destroySessionCookie } from '#app/utils/session.server.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { parseForm, ResetPasswordSchema, TokenSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth:reset.title')

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = TokenSchema.safeParse(new URL(request.url).searchParams.get('token'))
  const valid = parsed.success ? Boolean(await findVerification(parsed.data, 'reset')) : false
  if (!valid) return data({ token: null }, { status: 400 })
  return { token: parsed.data! }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const hideFields = ['password', 'confirmPassword']
  const submission = await parseSubmission(request, ResetPasswordSchema)
  if (submission.status !== 'success') return invalid(submission, { hideFields })
  const result = await resetPassword(submission.value)
  if (!result.ok) return refuse(submission, ['auth:reset.invalid', 400], { hideFields })
  const headers = new Headers()
  headers.append('Set-Cookie', await destroySessionCookie())
  headers.append('Set-Cookie', await toastHeader({ kind: 'success', key: 'auth:reset.done' }))
  throw redirect(`/${lang}/login`, { headers })
}

export default function ResetPasswordPage() {
  const { token } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const lang = useLang()
  const pending = useIsPending()
  const [form, fields] = useForm({
    id: 'reset-password',
    constraint: getZodConstraint(ResetPasswordSchema),
    lastResult: actionData?.result,
    defaultValue: { token: token ?? '' },
    onValidate: ({ formData }) => parseForm(formData, ResetPasswordSchema),
    shouldRevalidate: 'onBlur',
  })
  return (
    <div className="mx-auto max-w-md px-4 py-10">
      <h1 className="text-3xl font-bold">{t('reset.title')}</h1>
      {token ? (
        <Form method="post" {...getFormProps(form)} className="mt-6 space-y-2">
          {/* The token is a hidden field: its message is the form's. */}
          <FormError errors={[...(form.errors ?? []), ...(fields.token.errors ?? [])]} />
          <input {...getInputProps(fields.token, { type: 'hidden' })} />
          <NewPasswordFields fields={fields} isNew />
          <SubmitButton pending={pending}>{t('reset.submit')}</SubmitButton>
        </Form>
      ) : (
        <div className="mt-4 space-y-4">
          <p role="alert" className="text-red-800">
            {t('reset.invalid')}
          </p>
          <Link to={`/${lang}/forgot-password`} className="text-brand-700 font-medium underline">
            {t('reset.again')}
          </Link>
        </div>
      )}
    </div>
  )
}
