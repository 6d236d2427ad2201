// Several app nodes on one database (DESIGN.md "Scaling out", docs/deploy.md, ADR 014): two
// production processes (build/server/main.js, as `npm start` runs it), each with its own port
// and folders, on one PostgreSQL database made for this file, behind a round-robin proxy that
// strictly alternates them per request. Nothing is shared but the database and the
// configuration (SESSION_SECRET, CREDENTIAL_SIGNING_KEY, DATABASE_URL, APP_URL = the proxy).
// Through the proxy: a learner's whole journey, a webhook delivered to both nodes, rate limits
// counted across nodes, a cohort upload previewed on one node and imported on the other, and
// mail queued while both nodes were down sent exactly once when both start at the same time; a
// course version published by `courses:import` and rolled back by `courses:rollback` served by both
// nodes within seconds (NOTIFY aula_content, ADR 034 §2); a lesson written in the Studio by a
// trainer on one node, published by an administrator on the other, served by both (ADR 034 §3a).
// Rate limits are on (DISABLE_RATE_LIMITS unset), unlike the other end-to-end servers.
import { spawn } from 'node:child_process'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, type JSONWebKeySet } from 'jose'
import pg from 'pg'
import { hashPassword } from '#app/accounts/password.server.ts'
import { type Manifest } from '#app/content/manifest.ts'
import { checkoutCompleted } from '#tests/mocks/stripe.ts'
import { createDatabase, databaseUrl, dropDatabase } from '#tests/setup/database.ts'
import {
  AppNode,
  Client,
  hiddenFields,
  outboxMails,
  startProxy,
  waitForMails,
  type Proxy,
  type Reply,
} from './cluster.ts'
import { expect, offlineStripeSignature, test } from './fixtures.ts'
import { MULTI_NODE } from './paths.ts'

const ROOT = process.cwd()
const stamp = `${Date.now()}_${process.pid}`
const DATABASE = `aula_multinode_${stamp}`
const RUN_DIR = path.join(os.tmpdir(), `aula-multinode-${stamp}`)
const DATABASE_URL = databaseUrl(DATABASE)
const SESSION_SECRET = `multi-node-${randomBytes(24).toString('hex')}`

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'content-build/manifest.json'), 'utf8')) as Manifest
const FREE_COURSE = manifest.courses.find((c) => c.id === 'un-cts')!
const PAID_COURSE = manifest.courses.find((c) => c.id === 'homicide-sdg16')!

/** A limit as app/utils/rate-limit.server.ts sets it (the module needs a database to import). */
function rateLimit(rule: string): number {
  const source = readFileSync(path.join(ROOT, 'app/utils/rate-limit.server.ts'), 'utf8')
  const match = new RegExp(`${rule}: \\{ limit: (\\d+),`).exec(source)
  if (!match) throw new Error(`rate limit ${rule} not found`)
  return Number(match[1])
}

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL })
  await client.connect()
  try {
    return (await client.query<T>(text, values)).rows
  } finally {
    await client.end()
  }
}

async function eventually<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

const PASSWORD = 'a long passphrase for two nodes'

/** A confirmed account made in the test database (production seeds no demo accounts), with PASSWORD. */
async function createAccount(role: 'learner' | 'trainer' | 'admin'): Promise<string> {
  const id = `multinode-${role}-${randomUUID().slice(0, 8)}`
  const email = `${id}@example.org`
  await sql(
    `INSERT INTO "User" (id, email, "emailVerifiedAt", "displayName", "certificateName", country, organisation, "organisationType", "preferredLocale", role, "updatedAt")
     VALUES ($1, $2, now(), 'Ana', 'Ana Gómez', 'MX', 'INEGI', 'national_statistical_office', 'en', $3::"Role", now())`,
    [id, email, role],
  )
  await sql(`INSERT INTO "Password" ("userId", hash, "updatedAt") VALUES ($1, $2, now())`, [
    id,
    await hashPassword(PASSWORD),
  ])
  return email
}

let nodes: AppNode[] = []
let proxy: Proxy | undefined
let publicX = ''

async function startNodes() {
  // Both at the same moment: two start-ups race (migrations, catalogue, catch-up, mail sweep).
  for (const node of nodes) node.start()
  await Promise.all(nodes.map((node) => node.ready(150_000)))
}

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(200_000)
  await createDatabase(DATABASE)
  // The production key, made for this run as `npm run credentials:key` makes one.
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const jwk = await exportJWK(privateKey)
  publicX = jwk.x!
  const config = {
    DATABASE_URL,
    SESSION_SECRET,
    CREDENTIAL_SIGNING_KEY: JSON.stringify(jwk),
    APP_URL: MULTI_NODE.proxy.url,
    // Behind the proxy: the client's address is the one the proxy appends to X-Forwarded-For.
    TRUST_PROXY: 'true',
    STRIPE_OFFLINE: 'true',
    // One process per node keeps the test light (the postgres server covers the cluster workers).
    WEB_CONCURRENCY: '1',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    SLOW_QUERY_MS: '1000',
  }
  nodes = (['a', 'b'] as const).map(
    (name) => new AppNode(name, MULTI_NODE.nodes[name], path.join(RUN_DIR, name), config),
  )
  proxy = await startProxy(MULTI_NODE.proxy.port, nodes)
  await startNodes()
})

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('node logs', { body: nodes.map((node) => node.log()).join('\n'), contentType: 'text/plain' })
  }
})

test.afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()))
  await proxy?.close()
  await dropDatabase(DATABASE)
  rmSync(RUN_DIR, { recursive: true, force: true })
})

test('two nodes started at once on an empty database: every migration applied once, one public key', async () => {
  const migrations = readdirSync(path.join(ROOT, 'prisma/migrations'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
  const applied = await sql<{ migration_name: string; finished: boolean; rolled_back: boolean }>(
    `SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM _prisma_migrations ORDER BY migration_name`,
  )
  expect(applied).toEqual(migrations.map((name) => ({ migration_name: name, finished: true, rolled_back: false })))

  // Both nodes publish the same key: a credential signed on one verifies with the other's JWKS.
  const anyone = new Client(proxy!.url)
  const [first, second] = [await anyone.get('/.well-known/jwks.json'), await anyone.get('/.well-known/jwks.json')]
  expect([first.node, second.node].sort()).toEqual(['a', 'b'])
  expect(first.text).toBe(second.text)
  expect((JSON.parse(first.text) as JSONWebKeySet).keys.map((key) => key.x)).toEqual([publicX])
})

const learner = {
  email: `amaru.${randomUUID().slice(0, 8)}@example.org`,
  password: PASSWORD,
  displayName: 'Amaru',
  certificateName: 'Amaru Quispe Mamani',
}
// The learner's browser (no JavaScript), from its own address.
const web = new Client(MULTI_NODE.proxy.url, '127.0.0.2')
let serial = ''

/** Two requests in a row, one per node: asserts each answered `status`, and returns both. */
async function onBothNodes(client: Client, pathname: string, status = 200): Promise<[Reply, Reply]> {
  const replies = [await client.get(pathname), await client.get(pathname)] as [Reply, Reply]
  expect(replies.map((r) => r.node).sort(), `GET ${pathname} on both nodes`).toEqual(['a', 'b'])
  for (const reply of replies) expect(reply.status, `GET ${pathname} on node ${reply.node}`).toBe(status)
  return replies
}

test('sign up, confirm, log in, enrol, complete, pass the quiz, get and verify the certificate: each step on the other node', async ({
  page,
}) => {
  test.setTimeout(120_000)
  // Sign up: the form (with its honeypot, encrypted by one node) is posted to the other node.
  const form = await web.get('/en/signup')
  expect(form.status).toBe(200)
  const signup = await web.post('/en/signup', {
    ...hiddenFields(form.text, 'signup'),
    displayName: learner.displayName,
    certificateName: learner.certificateName,
    email: learner.email,
    password: learner.password,
    confirmPassword: learner.password,
    country: 'PE',
    organisation: 'Instituto Nacional de Estadística e Informática',
    organisationType: 'national_statistical_office',
    preferredLocale: 'en',
    consent: 'on',
  })
  expect([signup.status, signup.location]).toEqual([302, '/en/verify-email?sent=1'])
  expect(signup.node).not.toBe(form.node)

  // The verification mail, written by whichever node sent it, links to the proxy (APP_URL).
  const [mail] = await waitForMails(nodes, (m) => m.to === learner.email)
  const link = new URL(mail!.text.match(/https?:\/\/\S+\/en\/verify-email\?token=\S+/)![0])
  expect(link.origin).toBe(new URL(MULTI_NODE.proxy.url).origin)
  expect((await web.get(link.pathname + link.search)).status).toBe(200)
  const confirmed = await web.post('/en/verify-email', { token: link.searchParams.get('token')! })
  expect([confirmed.status, confirmed.location]).toEqual([302, '/en/login'])

  // Log in on one node; the session is a row in PostgreSQL, so the other node knows it.
  const loginForm = await web.get('/en/login')
  const login = await web.post('/en/login', {
    ...hiddenFields(loginForm.text, 'login'),
    email: learner.email,
    password: learner.password,
  })
  expect([login.status, login.location]).toEqual([302, '/en/dashboard'])
  expect(web.cookie('aula_session')).toBeTruthy()
  for (const reply of await onBothNodes(web, '/en/dashboard'))
    expect(reply.text).toContain(`Welcome, ${learner.displayName}`)

  // Enrol, then the lessons in order: "mark complete", or the quiz, answered right.
  const enrol = await web.post(`/en/courses/${FREE_COURSE.id}`, { intent: 'enrol' })
  expect(enrol.status).toBe(302)
  const lessons = FREE_COURSE.modules.flatMap((m) =>
    m.lessons.map((lesson) => ({ lesson, href: `/en/courses/${FREE_COURSE.id}/${m.slug}/${lesson.slug}` })),
  )
  const served = new Set<string>()
  for (const { lesson, href } of lessons) {
    const quizIds = lesson.locales.en.quizIds
    if (quizIds.length === 0) {
      const done = await web.post(href, { intent: 'complete-lesson' })
      expect([done.status, done.location], `complete ${href}`).toEqual([302, href])
      served.add(done.node)
      continue
    }
    for (const quizId of quizIds) {
      const quiz = FREE_COURSE.quizzes[quizId]!
      const answers = new URLSearchParams({ intent: 'submit-quiz', quizId, submissionId: randomUUID() })
      for (const question of quiz.questions) {
        const name = `answers.${question.id}`
        if (question.type === 'match')
          for (const item of question.items) answers.append(`${name}.${item.id}`, item.answer)
        else if (question.type === 'order')
          question.answer.forEach((id, i) => answers.append(`${name}.${id}`, String(i + 1)))
        else if (question.type === 'text') answers.append(name, question.accept.en[0]!)
        else
          for (const value of Array.isArray(question.answer) ? question.answer : [question.answer])
            answers.append(name, String(value))
      }
      const graded = await web.post(href, answers)
      expect(graded.status, `quiz ${quizId}`).toBe(302)
      served.add(graded.node)
      // The graded attempt, shown by the other node.
      const result = await web.get(graded.location!.split('#')[0]!)
      expect(result.node).not.toBe(graded.node)
      expect(result.text).toContain('Passed, with 100')
    }
  }
  expect([...served].sort(), 'progress recorded by both nodes').toEqual(['a', 'b'])

  // The certificate (issued by whichever node saw the course completed) is on the dashboard.
  const dashboard = await eventually('the certificate on the dashboard', async () => {
    const reply = await web.get('/en/dashboard')
    return reply.text.includes('data-testid="certificate"') ? reply.text : null
  })
  const pdfHref = dashboard.match(/href="(\/en\/certificates\/[A-Za-z0-9_-]+\.pdf)"/)![1]!
  const verifyHref = dashboard.match(/href="(\/en\/verify\/[A-Za-z0-9_-]+)"/)![1]!
  const code = verifyHref.split('/').at(-1)!
  serial = dashboard.match(/AULA-\d{4}-\d{6}/)![0]

  // The stored PDF is the same bytes from either node, and its fingerprint is on the public page.
  const pdfs = await onBothNodes(web, pdfHref)
  expect(pdfs[0].headers['content-type']).toBe('application/pdf')
  expect(pdfs[0].body.subarray(0, 5).toString()).toBe('%PDF-')
  expect(pdfs[1].body.equals(pdfs[0].body)).toBe(true)
  const sha256 = createHash('sha256').update(pdfs[0].body).digest('hex')
  for (const reply of await onBothNodes(new Client(MULTI_NODE.proxy.url), verifyHref)) {
    expect(reply.text).toContain(`data-testid="sha256-en">${sha256}<`)
  }

  // The signed credential from one node verifies against the key set published by the other.
  const anyone = new Client(MULTI_NODE.proxy.url)
  const jwt = await anyone.get(`/credentials/${code}?format=jwt`)
  const jwks = await anyone.get('/.well-known/jwks.json')
  expect(jwks.node).not.toBe(jwt.node)
  const { payload } = await jwtVerify(jwt.text, createLocalJWKSet(JSON.parse(jwks.text) as JSONWebKeySet))
  // Open Badges 3.0: the printed name is one of the recipient's identifiers (ADR 022).
  const subject = (
    payload.vc as { credentialSubject: { identifier: Array<{ identityType: string; identityHash: string }> } }
  ).credentialSubject
  expect(subject.identifier.find((i) => i.identityType === 'name')?.identityHash).toBe(learner.certificateName)

  // And in a browser: the page and its scripts and styles come from both nodes.
  const before = proxy!.log.length
  await page.goto(`${MULTI_NODE.proxy.url}${verifyHref}`)
  await expect(page.getByRole('heading', { level: 2, name: 'Valid certificate' })).toBeVisible()
  await expect(page.getByTestId('holder')).toHaveText(learner.certificateName)
  await expect(page.getByTestId('sha256-en')).toHaveText(sha256)
  const visit = proxy!.log.slice(before)
  expect(new Set(visit.map((entry) => entry.node)), 'the browser was served by both nodes').toEqual(new Set(['a', 'b']))
  expect(
    visit.filter((entry) => entry.status >= 400),
    'no failed request in the browser visit',
  ).toEqual([])

  // The certificate mail went out once, from one node.
  const certificateMails = await waitForMails(
    nodes,
    (m) => m.to === learner.email && m.subject.startsWith('Your certificate for'),
  )
  expect(certificateMails).toHaveLength(1)
})

test('a Stripe webhook delivered to both nodes at once and again later: one payment, one enrolment, one mail', async () => {
  const [user] = await sql<{ id: string }>('SELECT id FROM "User" WHERE email = $1', [learner.email])
  expect(user, 'the learner signed up in the journey').toBeTruthy()
  const payload = JSON.stringify(
    checkoutCompleted({
      userId: user!.id,
      courseId: PAID_COURSE.id,
      amount: PAID_COURSE.priceCents,
      currency: PAID_COURSE.currency.toLowerCase(),
      lang: 'en',
    }),
  )
  const deliver = () => {
    // Signed with the secret derived from SESSION_SECRET, the same on every node (ADR 008).
    const signature = offlineStripeSignature(SESSION_SECRET, payload)
    // Stripe: another client, no cookies, another origin.
    return new Client(MULTI_NODE.proxy.url).postRaw('/webhooks/stripe', payload, {
      'content-type': 'application/json',
      'stripe-signature': signature,
      origin: 'https://stripe.example',
    })
  }
  const together = await Promise.all([deliver(), deliver()])
  const later = await deliver()
  const deliveries = [...together, later]
  expect(together.map((r) => r.node).sort()).toEqual(['a', 'b'])
  expect(deliveries.map((r) => r.status)).toEqual([200, 200, 200])
  const results = deliveries.map((r) => (JSON.parse(r.text) as { result: string }).result)
  expect(
    results.filter((result) => result === 'processed'),
    JSON.stringify(results),
  ).toHaveLength(1)

  expect(await sql('SELECT status::text, "amountCents" FROM "Payment" WHERE "userId" = $1', [user!.id])).toEqual([
    { status: 'paid', amountCents: PAID_COURSE.priceCents },
  ])
  expect(
    await sql(`SELECT source::text FROM "Enrollment" WHERE "userId" = $1 AND "courseId" = $2`, [
      user!.id,
      PAID_COURSE.id,
    ]),
  ).toEqual([{ source: 'payment' }])
  const subject = `You are enrolled in ${PAID_COURSE.title.en}`
  await waitForMails(nodes, (m) => m.to === learner.email && m.subject === subject)
  // A moment for a second copy to turn up, if either node were to send one.
  await new Promise((resolve) => setTimeout(resolve, 1000))
  expect(outboxMails(nodes).filter((m) => m.to === learner.email && m.subject === subject)).toHaveLength(1)
})

test('rate limits are counted across nodes, per account and per client address, whatever X-Forwarded-For a client sends', async () => {
  test.setTimeout(120_000)
  // Per account and client address (failures only, ADR 021): N wrong passwords spread over both
  // nodes, then that client is refused even with the right one; the owner, elsewhere, is not.
  const perAccount = rateLimit('loginPerAccountAndIp')
  const victim = await createAccount('learner')
  const guesser = new Client(MULTI_NODE.proxy.url, '127.0.0.3')
  // The log-in form's honeypot, rendered once (its time stamp stays valid).
  const honeypot = hiddenFields((await guesser.get('/en/login')).text, 'login')
  const guesses: Reply[] = []
  for (let i = 0; i < perAccount; i++)
    guesses.push(await guesser.post('/en/login', { ...honeypot, email: victim, password: `wrong guess ${i}` }))
  expect(guesses.map((r) => r.status)).toEqual(Array(perAccount).fill(400))
  expect(new Set(guesses.map((r) => r.node))).toEqual(new Set(['a', 'b']))
  const blocked = await guesser.post('/en/login', { ...honeypot, email: victim, password: PASSWORD })
  expect(blocked.status).toBe(429)
  // Where the next attempt lands does not matter: the count is in PostgreSQL.
  const again = await guesser.post('/en/login', { ...honeypot, email: victim, password: PASSWORD })
  expect(again.node).not.toBe(blocked.node)
  expect(again.status).toBe(429)
  // The owner, from another address, logs in.
  const owner = await new Client(MULTI_NODE.proxy.url, '127.0.0.7').post('/en/login', {
    ...honeypot,
    email: victim,
    password: PASSWORD,
  })
  expect(owner.status).toBe(302)

  // Per address (sign-ups, counted before the fields are validated: these bodies carry only the
  // honeypot, ADR 021): the address is the one the proxy saw, and a forged X-Forwarded-For changes
  // nothing.
  const perIp = rateLimit('signupPerIp')
  const crowd = new Client(MULTI_NODE.proxy.url, '127.0.0.4')
  const signupHoneypot = hiddenFields((await crowd.get('/en/signup')).text, 'signup')
  const attempts: Reply[] = []
  for (let i = 0; i <= perIp; i++)
    attempts.push(await crowd.post('/en/signup', signupHoneypot, { 'x-forwarded-for': `198.51.100.${i}` }))
  expect(attempts.slice(0, perIp).map((r) => r.status)).toEqual(Array(perIp).fill(400))
  expect(new Set(attempts.map((r) => r.node))).toEqual(new Set(['a', 'b']))
  expect(attempts[perIp]!.status).toBe(429)
  // Someone else, from another address, is not affected.
  expect((await new Client(MULTI_NODE.proxy.url, '127.0.0.5').post('/en/signup', signupHoneypot)).status).toBe(400)
})

test('a cohort CSV uploaded to one node is previewed and imported by the other; each invitation mailed once', async () => {
  const adminEmail = await createAccount('admin')
  const admin = new Client(MULTI_NODE.proxy.url, '127.0.0.6')
  const login = await admin.post('/en/login', {
    ...hiddenFields((await admin.get('/en/login')).text, 'login'),
    email: adminEmail,
    password: PASSWORD,
  })
  expect([login.status, login.location]).toEqual([302, '/en/dashboard'])

  const names = ['Rosa Quispe', 'Lucía Mamani', 'Marta Flores']
  const people = names.map((_, i) => `cohort.${i}.${randomUUID().slice(0, 8)}@example.org`)
  const csv = [
    'email,name,certificate_name,country,organisation,organisation_type,language',
    ...people.map((email, i) => `${email},${names[i]},${names[i]},PE,INEI,national_statistical_office,es`),
  ].join('\n')
  const upload = new FormData()
  upload.set('intent', 'upload-cohort')
  upload.set('courseId', FREE_COURSE.id)
  upload.set('cohortName', 'Lima workshop')
  upload.set('file', new File([csv], 'cohort.csv', { type: 'text/csv' }))
  const stored = await admin.postMultipart('/en/admin/cohorts', upload)
  expect(stored.status, stored.text.match(/role="alert"[\s\S]{0,600}/)?.[0]).toBe(302)
  const importPath = stored.location!
  expect(importPath).toMatch(/^\/en\/admin\/cohorts\/[A-Za-z0-9_-]+$/)

  // The upload is in PostgreSQL: the other node shows the preview...
  const preview = await admin.get(importPath)
  expect(preview.node).not.toBe(stored.node)
  expect(preview.status).toBe(200)
  for (const email of people) expect(preview.text).toContain(email)
  // ...the cohorts page lists it, and the import runs on the node that did not store the upload.
  const list = await admin.get('/en/admin/cohorts')
  expect(list.status).toBe(200)
  expect(list.text).toContain('Lima workshop')
  const started = await admin.post(importPath, { intent: 'import-cohort' })
  expect([started.status, started.location]).toEqual([302, importPath])
  expect(started.node).not.toBe(stored.node)
  await eventually('the import finished', async () => {
    const [row] = await sql<{ status: string }>(`SELECT status::text FROM "CohortImport" WHERE id = $1`, [
      importPath.split('/').at(-1),
    ])
    return row?.status === 'completed'
  })
  const enrolled = await sql<{ email: string }>(
    `SELECT u.email FROM "Enrollment" e JOIN "User" u ON u.id = e."userId" WHERE e."courseId" = $1 AND e.source = 'cohort' ORDER BY u.email`,
    [FREE_COURSE.id],
  )
  expect(enrolled.map((r) => r.email)).toEqual([...people].sort())
  const invitations = await waitForMails(nodes, (m) => people.includes(m.to), { count: people.length })
  expect(invitations.map((m) => m.to).sort()).toEqual([...people].sort())
})

test('mail queued while every node was down is sent exactly once when both start together; sessions survive the restart', async () => {
  test.setTimeout(200_000)
  const codes = await Promise.all(nodes.map((node) => node.stop()))
  expect(codes, 'both nodes stop cleanly on SIGTERM').toEqual([0, 0])
  // What a commit leaves behind when every node stops before delivery: messages and their
  // `mail:send` jobs queued (one transaction each, as queueEmail writes them), none sent.
  const queued = Array.from({ length: 40 }, (_, i) => ({
    id: `multinode-${stamp}-${i}`,
    to: `queued.${i}@example.org`,
    subject: `Queued while down ${i}`,
  }))
  for (const mail of queued) {
    await sql(
      `WITH message AS (INSERT INTO "MailMessage" (id, "to", subject, text, html) VALUES ($1, $2, $3, 'Hello', '<p>Hello</p>') RETURNING id)
       SELECT graphile_worker.add_job('mail:send', json_build_object('mailId', (SELECT id FROM message)))`,
      [mail.id, mail.to, mail.subject],
    )
  }
  await startNodes()
  await eventually(
    'every queued message sent',
    async () => {
      const [row] = await sql<{ left: number }>(
        `SELECT count(*)::int AS left FROM "MailMessage" WHERE id = ANY($1) AND status <> 'sent'`,
        [queued.map((m) => m.id)],
      )
      return row!.left === 0
    },
    60_000,
  )
  const sent = outboxMails(nodes).filter((m) => m.subject.startsWith('Queued while down '))
  expect(sent.map((m) => m.subject).sort()).toEqual(queued.map((m) => m.subject).sort())
  test.info().annotations.push({
    type: 'senders',
    description: `node a sent ${sent.filter((m) => m.node === 'a').length}, node b ${sent.filter((m) => m.node === 'b').length}`,
  })

  // Nothing was in the old processes' memory: the learner is still signed in, on both new nodes.
  for (const reply of await onBothNodes(web, '/en/dashboard')) expect(reply.text).toContain(serial)

  // Over the whole run: every message in the database was written by exactly one node, once.
  const key = (m: { to: string; subject: string }) => `${m.to}\n${m.subject}`
  const count = (keys: string[]) =>
    keys.reduce<Record<string, number>>((all, k) => ({ ...all, [k]: (all[k] ?? 0) + 1 }), {})
  const inDatabase = await sql<{ to: string; subject: string }>(
    `SELECT "to", subject FROM "MailMessage" WHERE status = 'sent'`,
  )
  expect(count(outboxMails(nodes).map(key))).toEqual(count(inDatabase.map(key)))
})

/** `npm run courses:<command>` against the nodes' database, as an operator runs it; its exit code and output. */
function coursesCommand(
  args: string[],
  vars: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/content.ts', ...args], {
      cwd: ROOT,
      env: {
        NODE_ENV: 'test',
        PATH: process.env.PATH,
        HOME: os.tmpdir(),
        DATABASE_URL,
        LOG_LEVEL: 'warn',
        ...vars,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, output }))
  })
}

test('a course version imported from files, then rolled back: both nodes serve each within seconds', async () => {
  test.setTimeout(180_000)
  // Each node imported version 1 of every course at start, once between them.
  const versions = await sql<{ courseId: string; number: number }>(
    `SELECT "courseId", number FROM "CourseVersion" ORDER BY "courseId", number`,
  )
  expect(versions).toEqual(manifest.courses.map((c) => ({ courseId: c.id, number: 1 })))

  // An author's copy of the courses, with one sentence added to a free lesson.
  const courses = path.join(RUN_DIR, 'author', 'courses')
  const build = path.join(RUN_DIR, 'author', 'content-build')
  cpSync(path.join(ROOT, 'courses'), courses, { recursive: true })
  cpSync(path.join(ROOT, 'content-build'), build, { recursive: true })
  const mod = FREE_COURSE.modules[0]!
  const lesson = mod.lessons[0]!
  const file = path.join(
    courses,
    FREE_COURSE.id,
    readdirSync(path.join(courses, FREE_COURSE.id)).find((d) => d.endsWith(mod.slug))!,
  )
  const source = readdirSync(file).find((f) => f.endsWith(`${lesson.slug}.en.mdx`))!
  const marker = `A sentence published while two nodes run ${randomUUID().slice(0, 8)}.`
  writeFileSync(path.join(file, source), `${readFileSync(path.join(file, source), 'utf8')}\n${marker}\n`)
  const lessonPath = `/en/courses/${FREE_COURSE.id}/${mod.slug}/${lesson.slug}`
  const anyone = new Client(proxy!.url)
  for (const reply of await onBothNodes(anyone, lessonPath)) expect(reply.text).not.toContain(marker)

  const imported = await coursesCommand(['import'], { COURSES_DIR: courses, CONTENT_BUILD_DIR: build })
  expect(imported.code, imported.output).toBe(0)
  expect(imported.output).toContain(`${FREE_COURSE.id}: version 2 published (was 1)`)
  await eventually('version 2 on both nodes', async () => {
    const replies = await onBothNodes(anyone, lessonPath)
    return replies.every((r) => r.text.includes(marker))
  })

  const rolledBack = await coursesCommand(['rollback', FREE_COURSE.id, '1'], {})
  expect(rolledBack.code, rolledBack.output).toBe(0)
  await eventually('version 1 again on both nodes', async () => {
    const replies = await onBothNodes(anyone, lessonPath)
    return replies.every((r) => !r.text.includes(marker))
  })
  const audit = await sql<{ action: string; data: { from?: number; to?: number; number?: number } }>(
    // The course's version events (the other tests of this file add cohort events to the same course).
    `SELECT action, data FROM "AuditEvent" WHERE subject = $1 AND action LIKE 'content.version.%' ORDER BY "createdAt"`,
    [`course:${FREE_COURSE.id}`],
  )
  expect(audit.map((e) => e.action)).toEqual([
    'content.version.import',
    'content.version.import',
    'content.version.rollback',
  ])
  expect(audit[2]!.data).toEqual({ from: 2, to: 1 })
})

/** A client signed in as `email` (PASSWORD), from its own address. */
async function signedIn(email: string, address: string): Promise<Client> {
  const client = new Client(MULTI_NODE.proxy.url, address)
  const login = await client.post('/en/login', {
    ...hiddenFields((await client.get('/en/login')).text, 'login'),
    email,
    password: PASSWORD,
  })
  expect([login.status, login.location]).toEqual([302, '/en/dashboard'])
  return client
}

test('a lesson written in the Studio by a trainer and published by an administrator: both nodes serve it in both languages, learners keep their progress', async () => {
  test.setTimeout(240_000)
  const trainerEmail = await createAccount('trainer')
  await sql(`INSERT INTO "CourseTrainer" ("courseId", "userId") SELECT $1, id FROM "User" WHERE email = $2`, [
    FREE_COURSE.id,
    trainerEmail,
  ])
  const trainer = await signedIn(trainerEmail, '127.0.0.11')
  const admin = await signedIn(await createAccount('admin'), '127.0.0.12')
  const progress = () => sql<{ n: string }>(`SELECT count(*) AS n FROM "LessonProgress"`).then((r) => r[0]!.n)
  const progressBefore = await progress()
  expect(Number(progressBefore)).toBeGreaterThan(0)

  // Each step goes to the other node (the proxy alternates): add the lesson, write both languages.
  const mod = FREE_COURSE.modules[0]!
  const outline = `/en/studio/${FREE_COURSE.id}`
  const added = await trainer.post(outline, {
    intent: 'add-lesson',
    revision: '0',
    module: mod.slug,
    slug: 'two-nodes',
    titleEn: 'Two nodes',
    titleEs: 'Dos nodos',
  })
  expect([added.status, added.location], added.text.slice(0, 300)).toEqual([302, `${outline}/${mod.slug}/two-nodes`])
  const marker = randomUUID().slice(0, 8)
  const texts = {
    en: `---\ntitle: "Two nodes"\nsummary: "Written in the browser."\nminutes: 5\n---\n\nEnglish text ${marker}.\n`,
    es: `---\ntitle: "Dos nodos"\nsummary: "Escrita en el navegador."\nminutes: 5\n---\n\nTexto en español ${marker}.\n`,
  }
  for (const locale of ['en', 'es'] as const) {
    const saved = await trainer.post(added.location!, { intent: 'save', locale, revision: '1', source: texts[locale] })
    expect(saved.status, saved.text.slice(0, 300)).toBe(200)
  }
  const submitted = await trainer.post(outline, { intent: 'submit-review', message: '' })
  expect(submitted.status, submitted.text.slice(0, 300)).toBe(302)
  const published = await admin.post(submitted.location!, { intent: 'publish' })
  expect(published.status, published.text.slice(0, 300)).toBe(302)

  // The job runs on whichever node takes it; both nodes serve the new version within seconds.
  const anyone = new Client(proxy!.url)
  for (const [lang, text] of [
    ['en', `English text ${marker}.`],
    ['es', `Texto en español ${marker}.`],
  ] as const) {
    await eventually(
      `the new lesson in ${lang} on both nodes`,
      async () => {
        const replies = await onBothNodes(
          anyone,
          `/${lang}/courses/${FREE_COURSE.id}/${mod.slug}/two-nodes`,
          200,
        ).catch(() => null)
        return replies?.every((r) => r.text.includes(text))
      },
      120_000,
    )
  }
  const review = await sql<{ status: string }>(`SELECT status FROM "ContentReview" WHERE "courseId" = $1`, [
    FREE_COURSE.id,
  ])
  expect(review).toEqual([{ status: 'published' }])
  // Learners' progress on the old lessons is kept; the learner still has their certificate.
  expect(await progress()).toBe(progressBefore)
  for (const reply of await onBothNodes(web, '/en/dashboard')) expect(reply.text).toContain(serial)
})
