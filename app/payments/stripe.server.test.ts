// The Stripe SDK (about 22 MB per process) loads when a payment needs it, not with the app: a
// process that imports the payments module has not resolved 'stripe' until stripeSdk() runs.
import { execFileSync } from 'node:child_process'
import { expect, test } from 'vitest'

test('importing the payments module does not load the Stripe SDK; the first use does', () => {
  // A resolve hook (in Node's loader thread) reports every import of 'stripe' to this process.
  const hook = `export async function resolve(specifier, context, next) {
    if (specifier === 'stripe') process.stdout.write('[stripe resolved]\\n')
    return next(specifier, context)
  }`
  const script = `
    import { register } from 'node:module'
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}))
    const payments = await import('#app/payments/stripe.server.ts')
    await import('#app/payments/checkout.server.ts')
    await import('#app/payments/webhook.server.ts')
    console.log('[imported]')
    console.log('[webhooks: ' + typeof payments.stripeSdk().webhooks.constructEvent + ']')`
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  })
  expect(output.split('\n').filter(Boolean)).toEqual(['[imported]', '[webhooks: function]'])
})
