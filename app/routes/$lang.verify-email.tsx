// The link in the verification mail opens this page; confirming is a POST, so a mail
// scanner that follows links does not use the token up.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { confirmEmail, findVerification } from '#app/accounts/token.server.ts'
import { SubmitButton } from '#app/components/forms.tsx'
import { useLang } from '#app/root.tsx'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { TokenSchema, VerifyEmailSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth:verify.title')

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const token = url.searchParams.get('token')
  if (token === null)
    return { state: url.searchParams.has('sent') ? ('sent' as const) : ('pending' as const), token: null }
  const parsed = TokenSchema.safeParse(token)
  const verification = parsed.success ? await findVerification(parsed.data, 'email') : null
  if (!verification) return data({ state: 'invalid' as const, token: null }, { status: 400 })
  return { state: 'confirm' as const, token: parsed.data! }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const submission = await parseSubmission(request, VerifyEmailSchema)
  if (submission.status !== 'success') return invalid(submission)
  const result = await confirmEmail(submission.value.token)
  if (!result.ok) return refuse(submission, ['auth:verify.invalid', 400])
  throw redirect(`/${lang}/login`, {
    headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'auth:verify.done' }) },
  })
}

export default function VerifyEmailPage() {
  const loaded = useLoaderData<typeof loader>()
  // A refused confirmation (an unknown or used token) says the link is not valid.
  const state = useActionData<typeof action>() ? 'invalid' : loaded.state
  const token = loaded.token
  const { t } = useTranslation('auth')
  const lang = useLang()
  return (
    <div className="mx-auto max-w-xl px-4 py-10">
      <h1 className="text-3xl font-bold">{t('verify.title')}</h1>
      {state === 'sent' || state === 'pending' ? <p className="mt-4 text-slate-700">{t('verify.sent')}</p> : null}
      {state === 'invalid' ? (
        <div className="mt-4 space-y-4">
          <p role="alert" className="text-red-800">
            {t('verify.invalid')}
          </p>
          <Link to={`/${lang}/login`} className="text-brand-700 font-medium underline">
            {t('verify.loginToResend')}
          </Link>
        </div>
      ) : null}
      {state === 'confirm' && token ? (
        <Form method="post" className="mt-6">
          <input type="hidden" name="token" value={token} />
          <p className="mb-4 text-slate-700">{t('verify.confirmIntro')}</p>
          <SubmitButton>{t('verify.confirm')}</SubmitButton>
        </Form>
      ) : null}
    </div>
  )
}
