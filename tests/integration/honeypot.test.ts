// The honeypot of the public forms (log-in, sign-up, forgot-password), over real HTTP: a forged
// time stamp, a filled trap field, or a form without the two hidden fields is a bot. Each is
// answered as a bot (400), never a 500, and changes nothing; the same form with the fields the
// page rendered goes through.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { CLIENT_IP_HEADER, startAppServer, type AppServer } from '#tests/http.ts'
import { createUser, databaseFingerprint, TEST_PASSWORD, uniqueEmail } from '#tests/utils.ts'

let app: AppServer
// Log-in with the right password: a honeypot that is not checked would let it through (302).
let member: { email: string }
beforeAll(async () => {
  app = await startAppServer()
  member = await createUser()
})
afterAll(async () => {
  await app?.close()
})

type Form = { path: string; fields: () => Array<[string, string]> }

const FORMS: Form[] = [
  { path: '/en/forgot-password', fields: () => [['email', uniqueEmail('forgot')]] },
  {
    path: '/es/login',
    fields: () => [
      ['email', member.email],
      ['password', TEST_PASSWORD],
    ],
  },
  {
    path: '/en/signup',
    fields: () => [
      ['displayName', 'Ana Pérez'],
      ['certificateName', 'Ana María Pérez'],
      ['email', uniqueEmail('signup')],
      ['password', 'una frase larga y segura'],
      ['confirmPassword', 'una frase larga y segura'],
      ['country', 'CO'],
      ['organisation', 'DANE'],
      ['organisationType', 'national_statistical_office'],
      ['preferredLocale', 'es'],
      ['consent', 'on'],
    ],
  },
]

/** Values a bot or a fuzzer may put in the time-stamp field. */
function forgedTimestamps(): string[] {
  const random = Array.from({ length: 24 }, (_, i) => {
    const bytes = randomBytes(8 + i * 3)
    // crypto-js's salted format starts "U2FsdGVkX1" ("Salted__"): half of them look like one.
    return i % 2 ? `U2FsdGVkX1${bytes.toString('base64')}` : bytes.toString('base64')
  })
  return [
    ...random,
    'not-an-encrypted-timestamp',
    'U2FsdGVkX1',
    'U2FsdGVkX1+AAAAAAAAAAA==',
    '1700000000000',
    'x'.repeat(10_000),
    '%%%',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    'ñandú 🐛',
  ]
}

let ipCounter = 0
function post(path: string, fields: Array<[string, string]>) {
  ipCounter++
  return fetch(`${app.origin}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      // A fresh client address each time: the per-IP limits stay out of the way.
      [CLIENT_IP_HEADER]: `198.18.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`,
    },
    body: new URLSearchParams(fields).toString(),
  })
}

/** The honeypot fields as the page renders them (a GET of the form's page). */
async function renderedHoneypot(path: string): Promise<Array<[string, string]>> {
  const html = await (await fetch(`${app.origin}${path}`)).text()
  const stamp = /name="from__confirm" value="([^"]+)"/.exec(html)?.[1]
  expect(stamp, `${path} renders the time stamp`).toBeTruthy()
  expect(html).toContain('name="name__confirm"')
  return [
    ['name__confirm', ''],
    [
      'from__confirm',
      stamp!
        .replace(/&#x2F;/g, '/')
        .replace(/&#x2B;/g, '+')
        .replace(/&amp;/g, '&'),
    ],
  ]
}

for (const form of FORMS) {
  test(`${form.path}: forged time stamps, a filled trap and a form without the honeypot are refused as a bot, never a 500`, async () => {
    const before = await databaseFingerprint()
    const answers: string[] = []
    const cases: Array<[label: string, fields: Array<[string, string]>]> = [
      ...forgedTimestamps().map((stamp, i): [string, Array<[string, string]>] => [
        `forged #${i}`,
        [...form.fields(), ['name__confirm', ''], ['from__confirm', stamp]],
      ]),
      ['no honeypot fields', form.fields()],
      ['only the trap field', [...form.fields(), ['name__confirm', '']]],
      ['only the time stamp', [...form.fields(), (await renderedHoneypot(form.path))[1]!]],
      ['a filled trap', [...form.fields(), ...(await renderedHoneypot(form.path)).slice(1), ['name__confirm', 'bot']]],
    ]
    for (const [label, fields] of cases) {
      const response = await post(form.path, fields)
      answers.push(`${response.status} ${label}`)
    }
    expect(answers.filter((answer) => !answer.startsWith('400 '))).toEqual([])
    expect(await databaseFingerprint()).toEqual(before)
  })
}

test('the same forms with the honeypot the page rendered go through', async () => {
  const user = await createUser()
  const login = await post('/es/login', [
    ['email', user.email],
    ['password', TEST_PASSWORD],
    ...(await renderedHoneypot('/es/login')),
  ])
  expect(login.status).toBe(302)
  const email = uniqueEmail('human')
  const signup = await post('/en/signup', [
    ...FORMS[2]!.fields().filter(([name]) => name !== 'email'),
    ['email', email],
    ...(await renderedHoneypot('/en/signup')),
  ])
  expect(signup.status).toBe(302)
  expect(await prisma.user.count({ where: { email } })).toBe(1)
  const forgot = await post('/en/forgot-password', [
    ['email', user.email],
    ...(await renderedHoneypot('/en/forgot-password')),
  ])
  expect(forgot.status).toBe(200)
})
