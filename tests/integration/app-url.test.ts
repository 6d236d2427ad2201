// Addresses from one place: with PORT=3101 and no APP_URL, every absolute URL the app makes
// (certificate PDF text and QR code, the signed credential and its status, the LinkedIn link,
// mail links, the checkout's return addresses) says http://localhost:3101, the address the
// server listens on; never the old default localhost:3000. The same requests made under another
// host name still get the configured addresses, never one taken from the request.
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { sendResetEmail } from '#app/accounts/mail.server.ts'
import { getCourse, getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { action as lessonAction } from '#app/routes/$lang.courses.$course.$module.$lesson.tsx'
import { action as courseAction } from '#app/routes/$lang.courses.$course._index.tsx'
import { loader as dashboardLoader } from '#app/routes/$lang.dashboard.tsx'
import { action as standInAction } from '#app/routes/$lang.dev.checkout.$session.tsx'
import { action as loginAction } from '#app/routes/$lang.login.tsx'
import { loader as langLoader } from '#app/routes/$lang.tsx'
import { loader as statusLoader } from '#app/routes/credentials.$code.status.ts'
import { loader as credentialLoader } from '#app/routes/credentials.$code.ts'
import { prisma } from '#app/utils/db.server.ts'
import { appUrl, env, init } from '#app/utils/env.server.ts'
import { LANGS } from '#app/utils/i18n.ts'
import { toastHeader } from '#app/utils/toast.server.ts'
import { startOfflineStripe } from '#tests/mocks/stripe-webhook.ts'
import { stopStripeMocks } from '#tests/mocks/stripe.ts'
import { pdfQrCode, pdfText } from '#tests/pdf.ts'
import {
  context,
  cookieAttributes,
  createUser,
  linkFrom,
  loginCookie,
  nearlyComplete,
  readOutbox,
  runDueJobs,
  settle,
  submit,
  TEST_PASSWORD,
  uniqueEmail,
  visit,
} from '#tests/utils.ts'

const PORT_ORIGIN = 'http://localhost:3101'
// Requests arrive under a name other than APP_URL's (a proxy, an IP address): it must not leak in.
const ELSEWHERE = 'http://127.0.0.1:9999'

const { APP_URL: _unset, ...withoutAppUrl } = process.env
init({ ...withoutAppUrl, PORT: '3101', STRIPE_OFFLINE: 'true' })

beforeAll(async () => {
  await syncCatalogue(prisma, getManifest())
  startOfflineStripe()
})
afterAll(() => stopStripeMocks())

const elsewhere = (pathname: string, cookie?: string) =>
  new Request(`${ELSEWHERE}${pathname}`, { headers: cookie ? { Cookie: cookie } : {} })

test('APP_URL defaults to the address the server listens on', () => {
  expect(env().APP_URL).toBe(PORT_ORIGIN)
  expect(appUrl('/es/verify/abc')).toBe(`${PORT_ORIGIN}/es/verify/abc`)
  // Without PORT either, the server's default port.
  const { PORT: _port, ...neither } = withoutAppUrl
  expect(init({ ...neither }).APP_URL).toBe('http://localhost:3000')
  // A trailing slash is fine; a path is refused (every URL is built from the origin).
  expect(init({ ...withoutAppUrl, APP_URL: 'https://aula.example.org/' }).APP_URL).toBe('https://aula.example.org')
  expect(() => init({ ...withoutAppUrl, APP_URL: 'https://aula.example.org/aula' })).toThrow(
    /^Invalid environment variable APP_URL: .*origin/,
  )
  expect(() => init({ ...withoutAppUrl, APP_URL: 'ftp://aula.example.org' })).toThrow(/APP_URL/)
  init({ ...withoutAppUrl, PORT: '3101', STRIPE_OFFLINE: 'true' })
  expect(env().APP_URL).toBe(PORT_ORIGIN)
})

describe('a certificate issued with PORT=3101', () => {
  test('PDF text and QR code, mail, credential id and status, LinkedIn link: all on port 3101', async () => {
    const course = getCourse('iccs')!
    const user = await createUser({ certificateName: 'Lucía Fernández', preferredLocale: 'es' })
    const cookie = await loginCookie(user.id)
    const [module, lesson] = (await nearlyComplete(user.id, course, 'es')).split('/') as [string, string]
    const done = await submit(
      lessonAction,
      { lang: 'es', course: course.id, module, lesson },
      `/es/courses/${course.id}/${module}/${lesson}`,
      { intent: 'complete-lesson' },
      cookie,
    )
    expect(done.status).toBe(302)
    const certificate = await prisma.certificate.findFirstOrThrow({
      where: { userId: user.id },
      select: { verificationCode: true, pdfEn: true, pdfEs: true, credentialJwt: true },
    })
    const code = certificate.verificationCode

    // The PDFs, read back as a person or a phone would: printed address and QR code.
    for (const lang of LANGS) {
      const pdf = lang === 'en' ? certificate.pdfEn! : certificate.pdfEs!
      expect(pdfText(pdf)).toContain(`${PORT_ORIGIN}/${lang}/verify/${code}`)
      expect(pdfQrCode(pdf)).toBe(`${PORT_ORIGIN}/${lang}/verify/${code}`)
      expect(pdfText(pdf)).not.toContain('localhost:3000')
    }

    // The mail that announces it links to the verification page on 3101.
    const [mail] = readOutbox(user.email)
    expect(linkFrom(mail!).toString()).toBe(`${PORT_ORIGIN}/es/verify/${code}`)

    // The signed credential: its id, issuer, achievement and status address.
    const vc = decodeJwt(certificate.credentialJwt!).vc as {
      id: string
      issuer: { id: string }
      credentialSubject: { achievement: { id: string } }
      credentialStatus: { id: string }
    }
    expect(vc.id).toBe(`${PORT_ORIGIN}/credentials/${code}`)
    expect(vc.issuer.id).toBe(`${PORT_ORIGIN}/`)
    expect(vc.credentialSubject.achievement.id).toBe(`${PORT_ORIGIN}/en/courses/${course.id}`)
    // Open Badges 3.0: an entry of the year's Bitstring Status List (ADR 022).
    expect(vc.credentialStatus.id).toMatch(new RegExp(`^${PORT_ORIGIN}/credentials/status/\\d{4}#\\d+$`))

    // The status address answers with the credential's own id, whatever host the request used
    // (it used to be rebuilt from the request, disagreeing with the signed credential).
    const status = (await (
      await statusLoader({ request: elsewhere(`/credentials/${code}/status`), params: { code }, context: context() })
    ).json()) as { id: string; status: string }
    expect(status).toMatchObject({ id: vc.id, status: 'valid' })
    const credential = await credentialLoader({
      request: elsewhere(`/credentials/${code}`),
      params: { code },
      context: context(),
    })
    expect(((await credential.json()) as { credential: { id: string } }).credential.id).toBe(vc.id)

    // The dashboard's "Add to LinkedIn profile" link carries the verification address.
    const dashboard = await settle(() =>
      dashboardLoader({ request: elsewhere('/es/dashboard', cookie), params: { lang: 'es' }, context: context() }),
    )
    const listed = (dashboard.data as { certificates: Array<{ linkedin: string | null }> }).certificates
    expect(new URL(listed[0]!.linkedin!).searchParams.get('certUrl')).toBe(`${PORT_ORIGIN}/es/verify/${code}`)
  }, 120_000) // issuing renders two PDFs, and reading them back renders each page again
})

test('account mail links use port 3101', async () => {
  const email = uniqueEmail('reset')
  await sendResetEmail(email, 'Lucía', 'es', 'a-reset-token-0123456789')
  await runDueJobs()
  const [mail] = readOutbox(email)
  expect(linkFrom(mail!).toString()).toBe(`${PORT_ORIGIN}/es/reset-password?token=a-reset-token-0123456789`)
})

test("the checkout's stand-in page and the addresses Stripe returns to use port 3101", async () => {
  const course = 'homicide-sdg16'
  const user = await createUser({ preferredLocale: 'es' })
  const cookie = await loginCookie(user.id)
  const params = { lang: 'es', course }
  const checkout = async () => {
    const response = await submit(courseAction, params, `/es/courses/${course}`, { intent: 'checkout' }, cookie)
    expect(response.status).toBe(302)
    return new URL(response.headers.get('Location')!)
  }
  const pay = async (standIn: URL, intent: 'pay' | 'cancel') => {
    const session = standIn.pathname.split('/').pop()!
    const response = await submit(standInAction, { lang: 'es', session }, `${standIn.pathname}${standIn.search}`, {
      intent,
    })
    expect(response.status).toBe(302)
    return response.headers.get('Location')!
  }

  const first = await checkout()
  expect(first.origin).toBe(PORT_ORIGIN)
  expect(await pay(first, 'cancel')).toBe(`${PORT_ORIGIN}/es/checkout/cancel?course=${course}`)
  const second = await checkout()
  const session = second.pathname.split('/').pop()!
  expect(await pay(second, 'pay')).toBe(`${PORT_ORIGIN}/es/checkout/success?session_id=${session}`)
  expect(await prisma.enrolment.count({ where: { userId: user.id, courseId: course } })).toBe(1)
})

test('on an http APP_URL no cookie is Secure (browsers would drop it); https makes them Secure (secure-cookies.test.ts)', async () => {
  const user = await createUser({ preferredLocale: 'en' })
  const login = await submit(loginAction, { lang: 'en' }, '/en/login', { email: user.email, password: TEST_PASSWORD })
  expect(login.status).toBe(302)
  const session = login.headers.getSetCookie().find((c) => c.startsWith('aula_session='))
  expect(cookieAttributes(session)).toEqual(expect.arrayContaining(['httponly', 'samesite=lax']))
  expect(cookieAttributes(session)).not.toContain('secure')
  expect(cookieAttributes(await toastHeader({ kind: 'success', key: 'common:saved' }))).not.toContain('secure')
  const lang = await visit(langLoader, { lang: 'es' }, '/es')
  expect(cookieAttributes(lang.headers.getSetCookie().find((c) => c.startsWith('lang=')))).not.toContain('secure')
})
