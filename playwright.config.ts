// End-to-end tests: `npm run test:e2e` builds, then runs these against two production servers
// (`build/server/main.js`, as `npm start` runs it, with NODE_ENV=production, see tests/e2e/start-server.ts):
//   postgres  a fresh PostgreSQL database made for the run, demo data seeded   (port 3101)*
//   embedded  no DATABASE_URL (with the production opt-in), a fresh embedded PostgreSQL, no
//             demo accounts (port 3102)*
// and one development server, which tests/e2e/dev-server.spec.ts starts itself:
//   dev       `npm run dev` on a clean Vite cache and a fresh database           (port 3103)*
//   * E2E_PORT_BASE (default 3100) moves the ports, for side-by-side checkouts
// tests/e2e/multi-node.spec.ts starts its own two nodes and proxy (ports 3110-3112*) on a database
// of its own: several app nodes on one PostgreSQL.
// Playwright starts web servers before globalSetup and stops them after globalTeardown, so
// tests/e2e/start-server.ts makes and removes the database and temp folders around each server;
// tests/e2e/global-setup.ts waits until both servers are healthy (they start in parallel).
// Chromium: CHROMIUM_PATH, else the one that comes with npm (tests/chromium.ts); never `playwright install`.
import os from 'node:os'
import path from 'node:path'
import { defineConfig } from '@playwright/test'
import { resolveChromium } from './tests/chromium.ts'
import { DEV_SERVER, MULTI_NODE, SERVERS } from './tests/e2e/paths.ts'

// Fixed once in the runner process; the web servers and test workers inherit them.
const stamp = `${Date.now()}_${process.pid}`
process.env.AULA_E2E_RUN_DIR ??= path.join(os.tmpdir(), `aula-e2e-${stamp}`)
process.env.AULA_E2E_DATABASE ??= `aula_e2e_${stamp}`

const browser = await resolveChromium()

const common = {
  // Production refuses the published development secret (ADR 011).
  SESSION_SECRET: 'e2e-session-secret-0123456789abcdef',
  DISABLE_RATE_LIMITS: 'true',
  LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
  // Two browsers and three servers share two cores here: only really slow queries are news.
  SLOW_QUERY_MS: '1000',
}

/** The specs that publish course versions from the Studio (the studio-publish project). */
const STUDIO_PUBLISH_SPECS = ['studio-outline.spec.ts', 'studio-review.spec.ts', 'studio-quiz.spec.ts']

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  forbidOnly: true,
  workers: 2,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: browser.executablePath,
      env: browser.env,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    // Recording traces slows every test on a 2-core machine: E2E_TRACE=1 turns them on.
    trace: process.env.E2E_TRACE ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
  },
  // The embedded, dev and multi-node projects come first: their long runs then go beside the postgres tests.
  projects: [
    { name: 'embedded', testMatch: ['signup-journey.spec.ts'], use: { baseURL: SERVERS.embedded.url } },
    // Starts its own server on an embedded database and kills that database under load.
    { name: 'embedded-crash', testMatch: ['embedded-crash.spec.ts'] },
    // A development server (`npm run dev`) that the spec starts itself on a clean Vite cache; its
    // tests run in order in one worker, so one server serves them all.
    { name: 'dev', testMatch: ['dev-server.spec.ts'], fullyParallel: false, use: { baseURL: DEV_SERVER.url } },
    // Two app nodes of its own behind a round-robin proxy, started and stopped by the spec itself: a
    // long serial run (its nodes start in beforeAll), so it starts early, beside the postgres tests.
    { name: 'multi-node', testMatch: ['multi-node.spec.ts'], use: { baseURL: MULTI_NODE.proxy.url } },
    // Every other spec runs against the PostgreSQL server.
    {
      name: 'postgres',
      testIgnore: [
        'signup-journey.spec.ts',
        'embedded-crash.spec.ts',
        'multi-node.spec.ts',
        'dev-server.spec.ts',
        ...STUDIO_PUBLISH_SPECS,
      ],
      use: { baseURL: SERVERS.postgres.url },
    },
    // Publishing from the Studio changes what learners see of a course (a new lesson, a new line):
    // on the same server, after every other postgres test, so none of them meets a course that
    // changed under it (the certificate journey walks un-cts's lessons in order).
    {
      name: 'studio-publish',
      testMatch: STUDIO_PUBLISH_SPECS,
      dependencies: ['postgres'],
      use: { baseURL: SERVERS.postgres.url },
    },
  ],
  webServer: [
    {
      name: 'embedded',
      command: 'node --import tsx tests/e2e/start-server.ts embedded',
      url: `${SERVERS.embedded.url}/healthz`,
      // Let the postgres server start while this one migrates; global-setup.ts waits for both.
      // The named group puts the server's pid in process.env.AULA_E2E_EMBEDDED_PID.
      wait: { stdout: /starting the embedded server \(pid (?<aula_e2e_embedded_pid>\d+)\)/ },
      env: {
        ...common,
        PORT: String(SERVERS.embedded.port),
        APP_URL: SERVERS.embedded.url,
        EMBEDDED_DB_PORT: String(SERVERS.embedded.databasePort),
      },
      reuseExistingServer: false,
      timeout: 180_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      name: 'postgres',
      command: 'node --import tsx tests/e2e/start-server.ts postgres',
      url: `${SERVERS.postgres.url}/healthz`,
      env: {
        ...common,
        PORT: String(SERVERS.postgres.port),
        APP_URL: SERVERS.postgres.url,
        // One worker per core is the production default; two keep the cluster path covered.
        WEB_CONCURRENCY: '2',
        // Paid courses through the offline stand-in for Stripe (production never defaults to it).
        STRIPE_OFFLINE: 'true',
      },
      reuseExistingServer: false,
      timeout: 180_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
})
