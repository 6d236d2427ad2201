// The signed-in person's profile, e-mail verification, sessions and the way out.
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import {
  accountSettings,
  sendEmailVerification,
  signOutEverywhere,
  updateProfile,
} from '#app/accounts/account.server.ts'
import { requireUser } from '#app/accounts/auth.server.ts'
import { countryOptions } from '#app/accounts/countries.ts'
import { LanguageField, NameFields, OrganisationFields } from '#app/accounts/profile-fields.tsx'
import { Field, FormError, pageErrorsOf, replyFor, SubmitButton, useIsPending } from '#app/components/forms.tsx'
import { PageSection } from '#app/components/page-section.tsx'
import { useLang } from '#app/root.tsx'
import { invalid, parseSubmission } from '#app/utils/form.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { enforceRateLimits, RATE_LIMITS, retryAfterHeaders } from '#app/utils/rate-limit.server.ts'
import { destroySessionCookie } from '#app/utils/session.server.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { intent, intents, MAX_TAX_ID_LENGTH, parseForm, ProfileFields, TaxIdSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'account:title')

// A 429's Retry-After reaches the page.
export const headers = retryAfterHeaders

const ProfileSchema = z.object({ intent: intent('update-profile'), ...ProfileFields, taxId: TaxIdSchema })

const AccountSchema = intents([
  ProfileSchema,
  z.object({ intent: intent('resend-verification') }),
  z.object({ intent: intent('logout-everywhere') }),
])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireUser(request)
  const { sessions, taxId } = await accountSettings(user.id)
  return {
    user: {
      email: user.email,
      verified: Boolean(user.emailVerifiedAt),
      displayName: user.displayName,
      certificateName: user.certificateName,
      country: user.country,
      organisation: user.organisation,
      organisationType: user.organisationType,
      taxId,
      preferredLocale: user.preferredLocale,
    },
    sessions,
    countries: countryOptions(lang),
    formatLocale: formattingLocale(lang, user.country),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const user = await requireUser(request)
  const submission = await parseSubmission(request, AccountSchema)
  if (submission.status !== 'success') return invalid(submission)
  const value = submission.value
  switch (value.intent) {
    case 'update-profile': {
      const { intent: _, ...profile } = value
      await updateProfile(user.id, profile)
      throw redirect(`/${lang}/account`, {
        headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'account:saved' }) },
      })
    }
    case 'resend-verification': {
      if (!user.emailVerifiedAt) {
        await enforceRateLimits([[`verify-resend:${user.id}`, RATE_LIMITS.verifyResendPerAccount]])
        await sendEmailVerification(user)
      }
      throw redirect(`/${lang}/account`, {
        headers: { 'Set-Cookie': await toastHeader({ kind: 'info', key: 'account:verificationSent' }) },
      })
    }
    case 'logout-everywhere': {
      await signOutEverywhere(user.id)
      const headers = new Headers()
      headers.append('Set-Cookie', await destroySessionCookie())
      headers.append('Set-Cookie', await toastHeader({ kind: 'success', key: 'account:loggedOutEverywhere' }))
      throw redirect(`/${lang}/login`, { headers })
    }
  }
}

export default function AccountPage() {
  const { user, sessions, countries, formatLocale } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation(['account', 'auth', 'common'])
  const lang = useLang()
  const pending = useIsPending()
  const [form, fields] = useForm({
    id: 'profile',
    constraint: getZodConstraint(ProfileSchema),
    lastResult: replyFor(actionData, 'update-profile'),
    defaultValue: { ...user, intent: 'update-profile' },
    onValidate: ({ formData }) => parseForm(formData, ProfileSchema),
    shouldRevalidate: 'onBlur',
  })
  return (
    <div className="mx-auto max-w-3xl space-y-10 px-4 py-10">
      <div>
        <h1 className="text-3xl font-bold">{t('title')}</h1>
        <p className="mt-2 text-slate-700">
          {t('signedInAs')} <strong>{user.email}</strong>
        </p>
        <FormError errors={pageErrorsOf(actionData, [['update-profile']])} />
      </div>

      {!user.verified ? (
        <section aria-labelledby="verify-heading" className="rounded-md border border-amber-300 bg-amber-50 p-4">
          <h2 id="verify-heading" className="font-semibold">
            {t('unverified.title')}
          </h2>
          <p className="mt-1 text-sm">{t('unverified.body')}</p>
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="resend-verification" />
            <SubmitButton variant="secondary">{t('unverified.resend')}</SubmitButton>
          </Form>
        </section>
      ) : null}

      <PageSection id="profile" title={t('profile.title')}>
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-2">
          <input type="hidden" name="intent" value="update-profile" />
          <NameFields fields={fields} />
          <OrganisationFields fields={fields} countries={countries} />
          <Field
            label={t('account:taxId')}
            description={t('account:taxIdHelp')}
            errors={fields.taxId.errors}
            inputProps={{ ...getInputProps(fields.taxId, { type: 'text' }), maxLength: MAX_TAX_ID_LENGTH }}
          />
          <LanguageField field={fields.preferredLocale} />
          <p className="text-sm text-slate-600">
            {t('profile.formatExample', { example: new Intl.NumberFormat(formatLocale).format(12345.5) })}
          </p>
          <SubmitButton pending={pending}>{t('profile.save')}</SubmitButton>
        </Form>
      </PageSection>

      <PageSection id="security" title={t('security.title')} className="space-y-4">
        <p>
          <Link to={`/${lang}/account/password`} className="text-brand-700 font-medium underline">
            {t('security.changePassword')}
          </Link>
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="logout-everywhere" />
          <p className="mb-2 text-sm text-slate-700">{t('security.sessions', { count: sessions })}</p>
          <SubmitButton variant="secondary">{t('security.logoutEverywhere')}</SubmitButton>
        </Form>
      </PageSection>

      <PageSection id="delete" title={t('delete.title')}>
        <p className="mt-2 text-sm text-slate-700">{t('delete.summary')}</p>
        <Link to={`/${lang}/account/delete`} className="mt-2 inline-block font-medium text-red-800 underline">
          {t('delete.link')}
        </Link>
      </PageSection>
    </div>
  )
}
