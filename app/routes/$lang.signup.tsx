import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Trans, useTranslation } from 'react-i18next'
import { signUp } from '#app/accounts/account.server.ts'
import { requireAnonymous } from '#app/accounts/auth.server.ts'
import { countryOptions } from '#app/accounts/countries.ts'
import {
  EmailField,
  LanguageField,
  NameFields,
  NewPasswordFields,
  OrganisationFields,
} from '#app/accounts/profile-fields.tsx'
import { ErrorList, SubmitButton, useIsPending } from '#app/components/forms.tsx'
import { HoneypotInputs } from '#app/components/honeypot.tsx'
import { useLang } from '#app/root.tsx'
import { invalid, parseSubmission } from '#app/utils/form.server.ts'
import { honeypotInputProps } from '#app/utils/honeypot.server.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { enforceRateLimits, RATE_LIMITS, retryAfterHeaders } from '#app/utils/rate-limit.server.ts'
import { parseForm, SignupSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth:signup.title')

// A 429's Retry-After reaches the page.
export const headers = retryAfterHeaders

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  await requireAnonymous(request)
  return { countries: countryOptions(lang), honeypot: honeypotInputProps() }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const lang = langParam(params)
  await requireAnonymous(request)
  const submission = await parseSubmission(request, SignupSchema, { honeypot: true })
  await enforceRateLimits([[`signup:ip:${context.clientIp}`, RATE_LIMITS.signupPerIp]])
  if (submission.status !== 'success') return invalid(submission, { hideFields: ['password', 'confirmPassword'] })
  const { email, password, confirmPassword: _, consent: __, ...profile } = submission.value
  // The same answer whether the address was free or taken (its owner is told by mail).
  await signUp({ email, password, profile })
  throw redirect(`/${lang}/verify-email?sent=1`)
}

export default function SignupPage() {
  const { countries, honeypot } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation(['auth', 'common'])
  const lang = useLang()
  const pending = useIsPending()
  const [form, fields] = useForm({
    id: 'signup',
    constraint: getZodConstraint(SignupSchema),
    lastResult: actionData?.result,
    defaultValue: { preferredLocale: lang },
    onValidate: ({ formData }) => parseForm(formData, SignupSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <div className="mx-auto max-w-xl px-4 py-10">
      <h1 className="text-3xl font-bold">{t('signup.title')}</h1>
      <p className="mt-2 text-slate-700">{t('signup.intro')}</p>
      <Form method="post" {...getFormProps(form)} className="mt-8 space-y-2">
        <HoneypotInputs honeypot={honeypot} />
        <NameFields fields={fields} />
        <EmailField field={fields.email} />
        <NewPasswordFields fields={fields} />
        <OrganisationFields fields={fields} countries={countries} choose />
        <LanguageField field={fields.preferredLocale} />
        <div className="pt-2">
          <p id="consent-texts" className="text-sm text-slate-700">
            <Trans
              t={t}
              i18nKey="signup.consentTexts"
              components={{
                privacy: <Link to={`/${lang}/privacy`} target="_blank" className="text-brand-700 underline" />,
                terms: <Link to={`/${lang}/terms`} target="_blank" className="text-brand-700 underline" />,
              }}
            />
          </p>
          <label className="mt-2 flex items-start gap-2">
            <input
              {...getInputProps(fields.consent, { type: 'checkbox' })}
              aria-describedby={['consent-texts', fields.consent.errors?.length ? 'consent-error' : '']
                .filter(Boolean)
                .join(' ')}
              className="mt-1 h-4 w-4"
            />
            <span>{t('signup.consent')}</span>
          </label>
          <ErrorList id="consent-error" errors={fields.consent.errors} />
        </div>
        <div className="pt-4">
          <SubmitButton pending={pending}>{t('signup.submit')}</SubmitButton>
        </div>
      </Form>
      <p className="mt-6 text-sm text-slate-700">
        {t('signup.haveAccount')}{' '}
        <Link to={`/${lang}/login`} className="text-brand-700 font-medium underline">
          {t('login.title')}
        </Link>
      </p>
    </div>
  )
}
