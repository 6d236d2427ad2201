// With an https APP_URL every cookie the app sets is Secure: the session, the toast and the
// language (ADR 011), whatever the database or NODE_ENV. The http counterpart (no Secure, so
// local http sites keep working) is checked in app-url.test.ts: the flag follows APP_URL.
import { expect, test } from 'vitest'
import { action as loginAction } from '#app/routes/$lang.login.tsx'
import { loader as langLoader } from '#app/routes/$lang.tsx'
import { init } from '#app/utils/env.server.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { cookieAttributes, createUser, submit, TEST_PASSWORD, visit } from '#tests/utils.ts'

init({ ...process.env, APP_URL: 'https://aula.example.org' })

test('an https APP_URL makes the session, toast and language cookies Secure', async () => {
  const user = await createUser({ preferredLocale: 'en' })
  const login = await submit(loginAction, { lang: 'en' }, '/en/login', { email: user.email, password: TEST_PASSWORD })
  expect(login.status).toBe(302)
  const session = login.headers.getSetCookie().find((c) => c.startsWith('aula_session='))
  expect(cookieAttributes(session)).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax']))

  expect(cookieAttributes(await toastHeader({ kind: 'success', key: 'common:saved' }))).toContain('secure')

  const lang = await visit(langLoader, { lang: 'es' }, '/es')
  const langCookie = lang.headers.getSetCookie().find((c) => c.startsWith('lang='))
  expect(cookieAttributes(langCookie)).toEqual(expect.arrayContaining(['secure', 'httponly']))
})
