import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirectDocument } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { accountForLogin, sendEmailVerification } from '#app/accounts/account.server.ts'
import { authenticator, InvalidCredentialsError, requireAnonymous } from '#app/accounts/auth.server.ts'
import { startLoginAttempt } from '#app/accounts/login-attempts.server.ts'
import { CurrentPasswordField, EmailField } from '#app/accounts/profile-fields.tsx'
import { FormError, SubmitButton, useIsPending } from '#app/components/forms.tsx'
import { HoneypotInputs } from '#app/components/honeypot.tsx'
import { useLang } from '#app/root.tsx'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { honeypotInputProps } from '#app/utils/honeypot.server.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { enforceRateLimits, RATE_LIMITS, retryAfterHeaders } from '#app/utils/rate-limit.server.ts'
import { createSession } from '#app/utils/session.server.ts'
import { LoginSchema, parseForm, safeRedirect } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth:login.title')

// A 429's Retry-After reaches the page.
export const headers = retryAfterHeaders

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return { honeypot: honeypotInputProps() }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const lang = langParam(params)
  await requireAnonymous(request)
  // FormStrategy reads the body itself; the form and the honeypot are checked on a copy.
  const submission = await parseSubmission(request.clone(), LoginSchema, { honeypot: true })
  if (submission.status !== 'success') return invalid(submission, { hideFields: ['password'] })
  const { email, redirectTo } = submission.value
  // Failures only are counted (ADR 021): a wrong password keeps its count, a right one gives it back.
  const attempt = await startLoginAttempt(email, context.clientIp)
  let userId: string
  try {
    userId = (await authenticator.authenticate('form', request)).id
    await attempt.succeeded()
  } catch (error) {
    if (!(error instanceof InvalidCredentialsError)) throw error
    await attempt.failed()
    // One message whether the address is unknown or the password wrong.
    return refuse(submission, ['auth:login.invalid', 400], { hideFields: ['password'] })
  }
  const user = await accountForLogin(userId)
  if (!user.emailVerifiedAt) {
    // Only someone who knows the password learns this; send a fresh link.
    await enforceRateLimits([[`verify-resend:${userId}`, RATE_LIMITS.verifyResendPerAccount]])
    await sendEmailVerification(user)
    return refuse(submission, ['auth:login.unverified', 403], { hideFields: ['password'] })
  }
  const cookie = await createSession(userId, request)
  // A full page load after log in: the page then carries the strings for this person's role
  // (staff pages' strings are left out of learners' pages, see root.tsx).
  throw redirectDocument(safeRedirect(redirectTo, `/${lang}/dashboard`), { headers: { 'Set-Cookie': cookie } })
}

export default function LoginPage() {
  const { honeypot } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { t } = useTranslation('auth')
  const lang = useLang()
  const pending = useIsPending()
  const [form, fields] = useForm({
    id: 'login',
    constraint: getZodConstraint(LoginSchema),
    lastResult: actionData?.result,
    defaultValue: { redirectTo: searchParams.get('redirectTo') ?? '' },
    onValidate: ({ formData }) => parseForm(formData, LoginSchema),
    shouldRevalidate: 'onBlur',
  })
  return (
    <div className="mx-auto max-w-md px-4 py-10">
      <h1 className="text-3xl font-bold">{t('login.title')}</h1>
      <Form method="post" {...getFormProps(form)} className="mt-8 space-y-2">
        <HoneypotInputs honeypot={honeypot} />
        <FormError errors={form.errors} />
        <input {...getInputProps(fields.redirectTo, { type: 'hidden' })} />
        <EmailField field={fields.email} />
        <CurrentPasswordField field={fields.password} />
        <div className="flex items-center justify-between pt-2">
          <SubmitButton pending={pending}>{t('login.submit')}</SubmitButton>
          <Link to={`/${lang}/forgot-password`} className="text-brand-700 text-sm font-medium underline">
            {t('login.forgot')}
          </Link>
        </div>
      </Form>
      <p className="mt-8 text-sm text-slate-700">
        {t('login.noAccount')}{' '}
        <Link to={`/${lang}/signup`} className="text-brand-700 font-medium underline">
          {t('signup.title')}
        </Link>
      </p>
    </div>
  )
}
