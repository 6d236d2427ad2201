import { randomBytes, scryptSync } from 'node:crypto'
import { expect, test } from 'vitest'
import { legal } from '#app/legal/legal.server.ts'
import { action as loginAction } from '#app/routes/$lang.login.tsx'
import { action as signupAction } from '#app/routes/$lang.signup.tsx'
import { action as verifyAction } from '#app/routes/$lang.verify-email.tsx'
import { prisma } from '#app/utils/db.server.ts'
import {
  createUser,
  linkFrom,
  readOutbox,
  signupFields as signup,
  submit,
  TEST_PASSWORD,
  uniqueEmail,
} from '#tests/utils.ts'

const signupFields = (email: string) =>
  signup(email, { displayName: 'José Ñúñez García', certificateName: "José O'Brien Ñúñez" })

test('sign up, verify by the mailed link, then log in', async () => {
  const email = uniqueEmail('signup')
  const signup = await submit(signupAction, { lang: 'es' }, '/es/signup', signupFields(email.toUpperCase()))
  expect(signup.status).toBe(302)
  expect(signup.headers.get('Location')).toBe('/es/verify-email?sent=1')
  const user = await prisma.user.findUniqueOrThrow({
    where: { email },
    select: {
      id: true,
      certificateName: true,
      emailVerifiedAt: true,
      consentAt: true,
      consentPrivacyVersion: true,
      consentTermsVersion: true,
    },
  })
  expect(user.certificateName).toBe("José O'Brien Ñúñez")
  // The consent to the privacy notice and terms, with its date and the versions agreed to.
  expect(Date.now() - user.consentAt!.getTime()).toBeLessThan(60_000)
  expect(user.consentPrivacyVersion).toBe(legal().privacy.version)
  expect(user.consentTermsVersion).toBe(legal().terms.version)
  expect(user.emailVerifiedAt).toBeNull()

  const [mail] = readOutbox(email)
  expect(mail?.subject).toBe('Confirme su correo electrónico en Aula')
  const firstToken = linkFrom(mail!).searchParams.get('token')!

  // Logging in before verifying is refused and mails a fresh link that replaces the first.
  const beforeVerify = await submit(loginAction, { lang: 'es' }, '/es/login', {
    email,
    password: 'una frase larga y segura',
  })
  expect(beforeVerify.status).toBe(403)
  const mails = readOutbox(email)
  expect(mails).toHaveLength(2)
  const token = linkFrom(mails[1]!).searchParams.get('token')!
  expect(token).not.toBe(firstToken)
  const stale = await submit(verifyAction, { lang: 'es' }, '/es/verify-email', { token: firstToken })
  expect(stale.status).toBe(400)

  const verified = await submit(verifyAction, { lang: 'es' }, '/es/verify-email', { token })
  expect(verified.status).toBe(302)
  expect(
    (await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { emailVerifiedAt: true } }))
      .emailVerifiedAt,
  ).not.toBeNull()

  const login = await submit(loginAction, { lang: 'es' }, '/es/login', {
    email: email.toUpperCase(),
    password: 'una frase larga y segura',
  })
  expect(login.status).toBe(302)
  expect(login.headers.get('Location')).toBe('/es/dashboard')
  expect(login.headers.get('Set-Cookie')).toMatch(/aula_session=.+; .*HttpOnly/)
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1)
})

test('a password hashed with older parameters is rehashed at log-in, and still logs in', async () => {
  const user = await createUser()
  // The format ADR 002 describes, at a lower cost than today's (N = 2^14, r = 8, p = 1).
  const salt = randomBytes(16)
  const key = scryptSync(TEST_PASSWORD.normalize('NFC'), salt, 32, { N: 2 ** 14, r: 8, p: 1 })
  const oldHash = ['scrypt', 2 ** 14, 8, 1, salt.toString('base64'), key.toString('base64')].join('$')
  await prisma.password.update({ where: { userId: user.id }, data: { hash: oldHash }, select: { userId: true } })
  const logIn = (password: string) => submit(loginAction, { lang: 'en' }, '/en/login', { email: user.email, password })

  // A wrong password changes nothing.
  expect((await logIn('not the password at all')).status).toBe(400)
  expect((await prisma.password.findUniqueOrThrow({ where: { userId: user.id }, select: { hash: true } })).hash).toBe(
    oldHash,
  )

  expect((await logIn(TEST_PASSWORD)).status).toBe(302)
  const { hash } = await prisma.password.findUniqueOrThrow({ where: { userId: user.id }, select: { hash: true } })
  expect(hash).not.toBe(oldHash)
  expect(hash).toMatch(/^scrypt\$32768\$8\$3\$/)
  // The new hash logs in, and is not replaced again.
  expect((await logIn(TEST_PASSWORD)).status).toBe(302)
  expect((await prisma.password.findUniqueOrThrow({ where: { userId: user.id }, select: { hash: true } })).hash).toBe(
    hash,
  )
})
