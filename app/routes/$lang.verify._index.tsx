// The look-up for a verifier holding a printed certificate: its serial number and the holder's
// surname, both as printed. Both must match (a serial alone would let anyone walk the serials,
// which are sequential); a wrong serial and a wrong surname get the same answer, and the look-up is
// rate-limited per IP and per serial. A match leads to the certificate's verification page.
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { lookUpCertificate } from '#app/certificates/lookup.server.ts'
import { Field, FormError, SubmitButton, useIsPending } from '#app/components/forms.tsx'
import { HoneypotInputs } from '#app/components/honeypot.tsx'
import { parseSubmission, invalid, refuse } from '#app/utils/form.server.ts'
import { honeypotInputProps } from '#app/utils/honeypot.server.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { enforceRateLimits, RATE_LIMITS } from '#app/utils/rate-limit.server.ts'
import { CertificateLookupSchema, parseForm } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => [
  ...pageMeta(matches, 'certificates:lookup.metaTitle', 'certificates:lookup.intro'),
  { name: 'robots', content: 'noindex, nofollow' },
]

/**
 * The one answer for a serial that does not exist and a surname that is not the holder's. A 200, as a
 * search that found nothing: the question was well formed (malformed input is a 400 on its field).
 */
const NO_MATCH = ['certificates:lookup.noMatch', 200] as const

export async function loader(_: LoaderFunctionArgs) {
  return { honeypot: honeypotInputProps() }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const lang = langParam(params)
  const submission = await parseSubmission(request, CertificateLookupSchema, { honeypot: true })
  if (submission.status !== 'success') return invalid(submission)
  const { serial, surname } = submission.value
  await enforceRateLimits([
    [`verify-lookup:ip:${context.clientIp}`, RATE_LIMITS.certificateLookupPerIp],
    [`verify-lookup:serial:${serial}`, RATE_LIMITS.certificateLookupPerSerial],
  ])
  const code = await lookUpCertificate(serial, surname)
  if (!code) return refuse(submission, NO_MATCH)
  throw redirect(`/${lang}/verify/${code}`, { headers: { 'Cache-Control': 'no-store' } })
}

export default function CertificateLookupPage() {
  const { honeypot } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('certificates')
  const pending = useIsPending()
  const [form, fields] = useForm({
    id: 'certificate-lookup',
    constraint: getZodConstraint(CertificateLookupSchema),
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseForm(formData, CertificateLookupSchema),
    shouldRevalidate: 'onBlur',
  })
  return (
    <div className="mx-auto max-w-md px-4 py-10">
      <h1 className="text-3xl font-bold">{t('lookup.title')}</h1>
      <p className="mt-2 text-slate-700">{t('lookup.intro')}</p>
      <Form method="post" {...getFormProps(form)} className="mt-6 space-y-2">
        <FormError errors={form.errors} />
        <HoneypotInputs honeypot={honeypot} />
        <Field
          label={t('lookup.serial')}
          description={t('lookup.serialHelp')}
          errors={fields.serial.errors}
          inputProps={{ ...getInputProps(fields.serial, { type: 'text' }), autoComplete: 'off', spellCheck: false }}
        />
        <Field
          label={t('lookup.surname')}
          description={t('lookup.surnameHelp')}
          errors={fields.surname.errors}
          inputProps={{ ...getInputProps(fields.surname, { type: 'text' }), autoComplete: 'off' }}
        />
        <SubmitButton pending={pending}>{t('lookup.submit')}</SubmitButton>
      </Form>
    </div>
  )
}
