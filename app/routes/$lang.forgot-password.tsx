import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requestPasswordReset } from '#app/accounts/password-reset.server.ts'
import { EmailField } from '#app/accounts/profile-fields.tsx'
import { SubmitButton, useIsPending } from '#app/components/forms.tsx'
import { HoneypotInputs } from '#app/components/honeypot.tsx'
import { done, invalid, parseSubmission } from '#app/utils/form.server.ts'
import { honeypotInputProps } from '#app/utils/honeypot.server.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { enforceRateLimits, RATE_LIMITS, retryAfterHeaders } from '#app/utils/rate-limit.server.ts'
import { ForgotPasswordSchema, parseForm } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth:forgot.title')

// A 429's Retry-After reaches the page.
export const headers = retryAfterHeaders

export async function loader(_: LoaderFunctionArgs) {
  return { honeypot: honeypotInputProps() }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  langParam(params)
  const submission = await parseSubmission(request, ForgotPasswordSchema, { honeypot: true })
  if (submission.status !== 'success') return invalid(submission)
  const { email } = submission.value
  await enforceRateLimits([
    [`reset:ip:${context.clientIp}`, RATE_LIMITS.resetPerIp],
    [`reset:account:${email}`, RATE_LIMITS.resetPerAccount],
  ])
  // The same work and the same answer whether or not the address has an account: the lookup and
  // the mail happen in the background.
  await requestPasswordReset(email)
  return done(submission)
}

export default function ForgotPasswordPage() {
  const { honeypot } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('auth')
  const pending = useIsPending()
  const [form, fields] = useForm({
    id: 'forgot-password',
    constraint: getZodConstraint(ForgotPasswordSchema),
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseForm(formData, ForgotPasswordSchema),
    shouldRevalidate: 'onBlur',
  })
  return (
    <div className="mx-auto max-w-md px-4 py-10">
      <h1 className="text-3xl font-bold">{t('forgot.title')}</h1>
      <p className="mt-2 text-slate-700">{t('forgot.intro')}</p>
      {actionData?.result.status === 'success' ? (
        <p role="status" className="mt-6 rounded-md border border-green-300 bg-green-50 p-3 text-green-900">
          {t('forgot.sent')}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-2">
        <HoneypotInputs honeypot={honeypot} />
        <EmailField field={fields.email} />
        <SubmitButton pending={pending}>{t('forgot.submit')}</SubmitButton>
      </Form>
    </div>
  )
}
