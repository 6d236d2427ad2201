// Offline payments in an integration test: the Stripe mocks, and the webhook the stand-in checkout
// page sends delivered straight to the webhook route, in this process (no HTTP server). Apart from
// stripe.ts, which the server itself loads in offline mode: none of this belongs in its build.
import { http } from 'msw'
import { type SetupServer } from 'msw/node'
import { offlineWebhookUrl } from '#app/payments/stripe.server.ts'
import { action as webhookAction } from '#app/routes/webhooks.stripe.ts'
import { context } from '#tests/utils.ts'
import { startStripeMocks } from './stripe.ts'

/** Starts the mocks (idempotent) with the stand-in's webhook routed to the webhook route's action. */
export function startOfflineStripe(): SetupServer {
  const server = startStripeMocks()
  server.use(
    http.post(
      offlineWebhookUrl(),
      ({ request }) => webhookAction({ request, params: {}, context: context() }) as Promise<Response>,
    ),
  )
  return server
}
