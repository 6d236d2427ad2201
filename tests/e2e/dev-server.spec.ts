// The development server's first visits (issue 12): `npm run dev` on a fresh install serves every
// page right the first time: no 500, no blank page, no "Application Error", no reload while Vite
// optimises dependencies it discovered late, no console error.
//
// The server is started here the way `npm run dev` starts it (`node --import tsx server/index.ts`, NODE_ENV=
// development) on a clean Vite cache (AULA_VITE_CACHE_DIR, a new folder) and a fresh PostgreSQL
// database with the demo accounts; each test is the first visit to its page, in a new browser
// context. The project runs this file's tests in order in one worker (playwright.config.ts), so
// one server serves them all.
import { spawn, type ChildProcess } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test, type ConsoleMessage } from '@playwright/test'
import { createDatabase, databaseUrl, dropDatabase } from '#tests/setup/database.ts'
import { DEMO, logIn, waitForHydration, type DemoRole } from './fixtures.ts'
import { DEV_SERVER, runDir } from './paths.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

// The page's own heading: its h1, or the h2 under a general h1 (the verification page).
type Visit = {
  path: string
  heading: string
  level?: 1 | 2
  role?: DemoRole
  status?: number
  /** A test id the page shows once its own requests are done. */
  shows?: string
}

// Every public page, then one page per role. The first two failed on a fresh install before.
const VISITS: Visit[] = [
  { path: '/es/signup', heading: 'Cree su cuenta' },
  { path: '/en/login', heading: 'Log in' },
  { path: '/en', heading: 'Better crime statistics start with people who know how to make them' },
  { path: '/es', heading: 'Mejores estadísticas sobre delincuencia empiezan por personas que saben producirlas' },
  { path: '/es/courses', heading: 'Cursos' },
  { path: '/en/courses/iccs', heading: 'Classifying crime for statistics: the ICCS' },
  { path: '/es/courses/iccs/structure/the-eleven-sections', heading: 'Las 11 secciones' },
  { path: '/es/forgot-password', heading: 'Restablecer la contraseña' },
  { path: '/en/verify-email', heading: 'Confirm your email address' },
  { path: `/es/verify/${'A'.repeat(27)}`, heading: 'Certificado no encontrado', level: 2, status: 404 },
  { path: '/en/dashboard', heading: 'Welcome, José Ñúñez', role: 'learner' },
  { path: '/es/teach', heading: 'Enseñar', role: 'trainer' },
  // The Studio's editor loads CodeMirror (optimizeDeps) and compiles its preview in the worker (tsx).
  {
    path: '/es/studio/iccs/why-a-classification/common-language',
    heading: 'Edición de Por qué las estadísticas delictivas necesitan un lenguaje común',
    role: 'trainer',
    shows: 'studio-preview',
  },
  { path: '/en/admin', heading: 'Administration', role: 'admin' },
]

// What Vite prints when it found a dependency after start-up and reloads the open pages.
const LATE_OPTIMISATION = /new dependencies optimized|optimized dependencies changed/

let server: ChildProcess | undefined
let output = ''
const database = `${process.env.AULA_E2E_DATABASE ?? `aula_e2e_${process.pid}`}_dev`
const dir = () => path.join(runDir(), 'dev')
const coursesDir = () => path.join(dir(), 'courses')
const contentDir = () => path.join(dir(), 'content-build')

async function healthy(): Promise<boolean> {
  try {
    return (await fetch(`${DEV_SERVER.url}/healthz`, { signal: AbortSignal.timeout(5_000) })).ok
  } catch {
    return false
  }
}

test.beforeAll(async () => {
  // Migrations, demo data, the course build (warm after `npm run build`) and Vite's start.
  test.setTimeout(240_000)
  rmSync(dir(), { recursive: true, force: true })
  mkdirSync(dir(), { recursive: true })
  // The courses and their build are copies of the project's: the test below edits a lesson and the
  // dev server rebuilds it, which must not touch the build the production server of the other
  // specs is serving (a rebuild removes the old lesson file, whose page then answered 500). The
  // build is copied warm, so only what changed is compiled.
  cpSync(path.join(ROOT, 'courses'), coursesDir(), { recursive: true })
  cpSync(path.join(ROOT, 'content-build'), contentDir(), { recursive: true })
  await createDatabase(database)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(DEV_SERVER.port),
    APP_URL: DEV_SERVER.url,
    DATABASE_URL: databaseUrl(database),
    SEED_DEMO_DATA: 'true',
    COURSES_DIR: coursesDir(),
    CONTENT_BUILD_DIR: contentDir(),
    AULA_VITE_CACHE_DIR: path.join(dir(), 'vite-cache'),
    AULA_HMR_PORT: String(DEV_SERVER.hmrPort),
    OUTBOX_DIR: path.join(dir(), 'outbox'),
    CREDENTIAL_KEY_FILE: path.join(dir(), 'credential-key.json'),
    DISABLE_RATE_LIMITS: 'true',
    LOG_LEVEL: 'warn',
  }
  delete env.SMTP_URL
  delete env.EMBEDDED_DB_PORT
  delete env.EMBEDDED_DB_DIR
  // `npm run dev` is `cross-env NODE_ENV=development node --import tsx server/index.ts`.
  server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  for (const stream of [server.stdout!, server.stderr!]) {
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => {
      output += chunk
      if (process.env.E2E_DEV_LOG) process.stderr.write(chunk)
    })
  }
  while (!(await healthy())) {
    if (server.exitCode !== null) throw new Error(`the dev server exited with code ${server.exitCode}:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
})

test.afterAll(async () => {
  test.setTimeout(60_000)
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve))
    server.kill('SIGTERM')
    await exited
  }
  await dropDatabase(database)
  rmSync(dir(), { recursive: true, force: true })
})

for (const visit of VISITS) {
  const who = visit.role ? ` as the ${visit.role}` : ''
  test(`first visit to ${visit.path}${who} on a fresh dev server`, async ({ page }) => {
    const problems: string[] = []
    // The browser reports a document that answered 404 as a console error: expected on the 404 page only.
    const expected = (message: ConsoleMessage) =>
      visit.status === 404 && message.text().includes('status of 404') && message.location().url.endsWith(visit.path)
    page.on('console', (message) => {
      if (message.type() === 'error' && !expected(message)) problems.push(`console error: ${message.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`))
    page.on('response', (response) => {
      const document = response.request().isNavigationRequest() && response.status() === visit.status
      if (response.status() >= 400 && !document) problems.push(`${response.status()} ${response.url()}`)
    })
    let loads = 0
    page.on('load', () => loads++)

    if (visit.role) await logIn(page.request, DEMO[visit.role].email)
    const response = await page.goto(visit.path)
    expect(response?.status()).toBe(visit.status ?? 200)
    await expect(page.getByRole('heading', { level: visit.level ?? 1, name: visit.heading, exact: true })).toBeVisible()
    // Hydrated: the client router took over the document.
    await waitForHydration(page)
    await page.waitForLoadState('networkidle')
    await expect(page.getByText('Application Error')).toHaveCount(0)
    if (visit.shows) await expect(page.getByTestId(visit.shows)).toBeVisible({ timeout: 30_000 })
    expect(page.url()).toBe(`${DEV_SERVER.url}${visit.path}`)
    expect(loads, 'loads of the page (a second one is a reload)').toBe(1)
    expect(problems).toEqual([])
    expect(output, 'the dev server output').not.toMatch(LATE_OPTIMISATION)
  })
}

// Issue 15, item 17: saving a lesson reloads the open page once, after the lesson is rebuilt. Vite
// also watched content-build/ and reloaded the page for the rebuilt lesson's new .html file,
// before the catalogue knew it: the page came back with the old text.
test('saving a lesson reloads the open page once the lesson is rebuilt, with the new text', async ({ page }) => {
  test.setTimeout(120_000)
  const file = path.join(coursesDir(), 'iccs/02-structure/02-the-eleven-sections.es.mdx')
  const original = readFileSync(file, 'utf8')
  const marker = `Texto nuevo ${Date.now()}`
  await logIn(page.request, DEMO.learner.email)
  await page.goto('/es/courses/iccs/structure/the-eleven-sections')
  await expect(page.getByRole('heading', { level: 1, name: 'Las 11 secciones' })).toBeVisible()
  await waitForHydration(page)
  // The live-reload socket is connected once Vite's client has loaded.
  await page.waitForLoadState('networkidle')
  try {
    // The document the first reload receives (a second reload would hide a stale first one).
    const reloaded = page.waitForEvent('response', {
      predicate: (response) => response.request().isNavigationRequest(),
      timeout: 60_000,
    })
    writeFileSync(file, `${original.trimEnd()}\n\n${marker}\n`)
    expect(await (await reloaded).text()).toContain(marker)
    await expect(page.getByText(marker)).toBeVisible()
  } finally {
    writeFileSync(file, original)
  }
})
