// The offline stand-in for Stripe's hosted checkout page (ADR 008). It exists only in offline
// mode (404 otherwise). Like Stripe's page, it is reached by the session's address, which here
// carries the session signed by this deployment (the `s` parameter): a forged or altered one is a
// 404. "Pay" sends this server a correctly signed `checkout.session.completed` webhook, exactly as
// Stripe would, then goes on to the success page; "Cancel" goes to the cancel page.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { FormError, pageErrorsOf, SubmitButton, useIsPending } from '#app/components/forms.tsx'
import {
  completedEvent,
  decodeOfflineSession,
  offlineWebhookUrl,
  signedWebhook,
  type OfflineSession,
} from '#app/payments/stripe.server.ts'
import { env, paymentsMode } from '#app/utils/env.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formatPrice } from '#app/utils/format.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { intent, intents } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'payments:checkout.title')

function requireOfflineSession(request: Request, id: string | undefined): OfflineSession {
  if (paymentsMode() !== 'offline') throw new Response('Not found', { status: 404 })
  const session = decodeOfflineSession(new URL(request.url).searchParams.get('s'))
  if (!session || session.id !== id) throw new Response('Not found', { status: 404 })
  return session
}

/** The stand-in's two buttons. */
const CheckoutSchema = intents([z.object({ intent: intent('pay') }), z.object({ intent: intent('cancel') })])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const session = requireOfflineSession(request, params.session)
  return {
    product: session.product,
    email: session.customer_email,
    price: formatPrice(lang, session.amount_total, session.currency.toUpperCase()),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  langParam(params)
  const session = requireOfflineSession(request, params.session)
  const submission = await parseSubmission(request, CheckoutSchema)
  if (submission.status !== 'success') return invalid(submission)
  const origin = new URL(env().APP_URL).origin
  const successUrl = session.success_url.replace('{CHECKOUT_SESSION_ID}', session.id)
  if (new URL(successUrl).origin !== origin || new URL(session.cancel_url).origin !== origin) {
    throw new Response('Not found', { status: 404 })
  }
  if (submission.value.intent === 'cancel') throw redirect(session.cancel_url)
  const { payload, header } = signedWebhook(completedEvent(session))
  try {
    const response = await fetch(offlineWebhookUrl(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header },
      body: payload,
      signal: AbortSignal.timeout(30_000),
    })
    if (!response.ok) throw new Error(`webhook answered ${response.status}`)
  } catch (error) {
    logger.error({ err: error, sessionId: session.id }, 'offline checkout could not deliver its webhook')
    return refuse(submission, ['payments:checkout.deliveryFailed', 502])
  }
  throw redirect(successUrl)
}

export default function OfflineCheckoutPage() {
  const { product, email, price } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('payments')
  const pending = useIsPending()
  return (
    <div className="mx-auto max-w-md px-4 py-16">
      <h1 className="text-3xl font-bold">{t('checkout.title')}</h1>
      <p role="note" className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
        {t('checkout.note')}
      </p>
      <dl className="mt-6 space-y-2">
        <div className="flex justify-between gap-4">
          <dt className="text-slate-700">{t('checkout.product')}</dt>
          <dd className="text-right font-medium">{product}</dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-slate-700">{t('checkout.email')}</dt>
          <dd className="text-right">{email}</dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-slate-700">{t('checkout.total')}</dt>
          <dd className="text-right text-xl font-bold">{price}</dd>
        </div>
      </dl>
      <div className="mt-4">
        <FormError errors={pageErrorsOf(actionData, [])} />
      </div>
      <Form method="post" className="mt-8 flex gap-3">
        <SubmitButton name="intent" value="pay" pending={pending}>
          {t('checkout.pay', { price })}
        </SubmitButton>
        <SubmitButton name="intent" value="cancel" variant="secondary">
          {t('checkout.cancel')}
        </SubmitButton>
      </Form>
    </div>
  )
}
