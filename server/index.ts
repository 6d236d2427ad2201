// The HTTP server: Express in front of Remix. Checks the environment first (production refuses
// an unsafe configuration before anything is started or created, ADR 011), starts the embedded
// database when DATABASE_URL is unset, applies migrations, seeds demo data on a new embedded
// database (never in production), then serves.
// Against PostgreSQL in production it runs one worker per core (node:cluster).
import cluster from 'node:cluster'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import v8 from 'node:v8'
import { createRequestHandler } from '@remix-run/express'
import { type ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import expressStaticGzip from 'express-static-gzip'
import helmet from 'helmet'
import './load-env.ts'
import { IMAGE_UPLOAD_PATH, MAX_IMAGE_BYTES } from '#app/studio/image-limits.ts'
import { contentAssets } from './content-assets.ts'
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-db.ts'
import { setEmbeddedDatabaseState } from './embedded-state.ts'
import { refuseLegacyDataRequests } from './legacy-data-requests.ts'
import { migrateDeploy } from './prisma-cli.ts'
import { refuseCrossOriginMutations, SAFE_METHODS } from './request-guards.ts'
import { ROOT } from './root.ts'

// Every relative path (the compiled courses, config/issuer.yaml, config/legal, the outbox, a
// relative *_DIR or *_FILE setting) is the project folder's, whatever folder the start command ran
// in: a service manager often starts `node /srv/aula/build/server/main.js` from `/`, and lesson
// pages then answered 500 (no compiled courses found) while the start itself succeeded.
process.chdir(ROOT)

// The old generation grows by at most a quarter of what survives a full collection (ADR 027 §8),
// not by V8's own factor of up to 4 under a high allocation rate: under 50 concurrent requests a
// worker kept 350 MB of heap for 90 MB of live objects (RSS 424–521 MB; 215–220 MB with this). In
// every process, before anything is allocated; a --heap-growing-percent on the command line wins.
if (!process.execArgv.some((flag) => flag.startsWith('--heap-growing-percent'))) {
  v8.setFlagsFromString('--heap-growing-percent=25')
}

const MAX_BODY_BYTES = 1024 * 1024
const MAX_UPLOAD_BYTES = 4 * 1024 * 1024
const COHORT_UPLOAD_PATH = /^\/(en|es)\/admin\/cohorts\/?$/

/** An Accept-Encoding header without `br`: the page compression then chooses gzip. */
function withoutBrotli(acceptEncoding: string): string {
  return acceptEncoding
    .split(',')
    .filter((coding) => coding.split(';')[0]!.trim().toLowerCase() !== 'br')
    .join(',')
}

async function prepareDatabase(): Promise<EmbeddedDatabase | null> {
  if (process.env.DATABASE_URL) return null
  const embedded = await startEmbeddedDatabase({
    supervise: true,
    log: (level, message) => (level === 'info' ? console.log(message) : console.error(message)),
    // PostgreSQL died and would not come back: exit loudly rather than serve errors.
    onGiveUp: (error) => {
      console.error(error.message)
      process.exit(1)
    },
  })
  process.env.DATABASE_URL = embedded.url
  process.env.AULA_EMBEDDED_DB = 'true'
  return embedded
}

/** A DATABASE_URL of your own that does not answer stops the start with one line naming it. */
async function checkDatabaseAnswers(url: string) {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
  } catch (error) {
    const { hostname, port, pathname } = new URL(url)
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new Error(`DATABASE_URL does not answer (${hostname}:${port || 5432}${pathname}): ${reason}`)
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * /healthz reports the embedded database's supervision state (app/routes/healthz.ts reads it);
 * cluster workers hear it from the primary.
 */
function publishEmbeddedState(embedded: EmbeddedDatabase) {
  const publish = (state: string) => {
    setEmbeddedDatabaseState(state)
    for (const worker of Object.values(cluster.workers ?? {})) worker?.send({ aulaEmbeddedDb: state })
  }
  publish(embedded.state())
  embedded.onState(publish)
  // A worker asks once it listens (a message sent before that would be dropped).
  cluster.on('message', (worker, message: { aulaEmbeddedDbAsk?: boolean }) => {
    if (message?.aulaEmbeddedDbAsk) worker.send({ aulaEmbeddedDb: embedded.state() })
  })
}

async function primary() {
  const { init, publicOverHttp } = await import('#app/utils/env.server.ts')
  // Before anything is started or created: a bad or unsafe configuration stops here.
  init()
  const embedded = await prepareDatabase()
  if (embedded) publishEmbeddedState(embedded)
  const config = init()
  const { logger } = await import('#app/utils/logger.server.ts')
  if (!embedded) await checkDatabaseAnswers(config.DATABASE_URL!)
  if (config.NODE_ENV === 'production' && embedded) {
    logger.warn(
      'production on the embedded database (EMBEDDED_DATABASE_IN_PRODUCTION=true): one machine, back up its data folder',
    )
  }
  if (publicOverHttp(config)) {
    logger.warn(
      { appUrl: config.APP_URL },
      'APP_URL is plain http on a public address: cookies are sent unencrypted (use https)',
    )
  }
  if (process.env.MIGRATE_ON_START !== 'false') {
    const { pending } = await migrateDeploy(config.DATABASE_URL!)
    if (pending.length) logger.info({ migrations: pending }, 'database migrations applied')
    else logger.info('database migrations current')
  }
  // Demo accounts share a published password: never in production (the seed refuses too).
  if (config.NODE_ENV !== 'production' && (embedded?.created || config.SEED_DEMO_DATA)) {
    const { prisma } = await import('#app/utils/db.server.ts')
    const { seed } = await import('#prisma/seed.ts')
    await seed(prisma)
    logger.info('demo data seeded')
  }
  await prepareContent(config.NODE_ENV === 'production')
  // This node's job runner (ADR 012): mail, certificates, bulk issue, cohort import, the crontab.
  // One per node, in the primary: HTTP workers only add jobs. The job schema exists by now
  // (migrateDeploy); with MIGRATE_ON_START=false the runner creates or upgrades it itself.
  const { startJobRunner } = await import('#app/jobs/runner.server.ts')
  const stopJobs = await startJobRunner({ closeConnections: true })
  logger.info('job runner started')
  // One worker per core in production, on the embedded database too (it is a real PostgreSQL).
  const workers = config.NODE_ENV === 'production' ? (config.WEB_CONCURRENCY ?? os.availableParallelism()) : 1
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    // Running jobs finish, or (long ones) stop at their next step and are retried by a runner;
    // meanwhile the workers stop. A single process keeps serving (and its database pool open)
    // until its jobs are done.
    const workersStopped = (async () => {
      if (workers === 1) return
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM')
      await new Promise<void>((resolve) => {
        const check = () => (Object.keys(cluster.workers ?? {}).length === 0 ? resolve() : setTimeout(check, 50))
        check()
      })
    })()
    await Promise.all([workersStopped, stopJobs()])
    await stopHttp?.()
    await embedded?.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  if (workers > 1) {
    for (let i = 0; i < workers; i++) cluster.fork()
    cluster.on('exit', (worker, code) => {
      if (!stopping) {
        logger.error({ workerPid: worker.process.pid, code }, 'worker died; starting another')
        cluster.fork()
      }
    })
    logger.info({ workers }, 'started workers')
  } else {
    stopHttp = await startHttp()
  }
}

let stopHttp: (() => Promise<void>) | undefined
let onContentChange: (() => void) | undefined

/**
 * Courses: compiled by `npm run build` for production; built (warm: from cache) and watched in
 * development. Either way the compiled courses are imported as published versions (ADR 034 §2: a new
 * version only for a course whose source files changed, NOTIFY to every node); each HTTP process then
 * serves the current versions from memory (startHttp).
 */
async function prepareContent(production: boolean) {
  const { logger } = await import('#app/utils/logger.server.ts')
  const { prisma } = await import('#app/utils/db.server.ts')
  const { importCourses, logImportReport } = await import('#app/content/versions.server.ts')
  const contentDir = path.resolve(ROOT, process.env.CONTENT_BUILD_DIR ?? 'content-build')
  const coursesDir = path.resolve(ROOT, process.env.COURSES_DIR ?? 'courses')
  if (!existsSync(coursesDir)) {
    throw new Error(
      `No courses folder at ${coursesDir}: the server imports the courses' source files from it at start.`,
    )
  }
  if (production) {
    const file = path.join(contentDir, 'manifest.json')
    if (!existsSync(file)) throw new Error('No compiled courses: run `npm run build` before `npm start`.')
    const { readFileSync } = await import('node:fs')
    const manifest = JSON.parse(readFileSync(file, 'utf8'))
    logImportReport(logger, await importCourses(prisma, { manifest, coursesDir, contentBuildDir: contentDir }))
    return
  }
  const { buildContent } = await import('#app/content/build.server.ts')
  const rebuild = async () => {
    const started = Date.now()
    const result = await buildContent({ root: coursesDir, outDir: contentDir })
    for (const p of result.problems) logger.warn({ file: p.file, line: p.line }, p.message)
    for (const p of result.warnings) logger.warn({ file: p.file, line: p.line }, p.message)
    logger.info(
      { compiled: result.compiled, cached: result.cached, ms: Date.now() - started, problems: result.problems.length },
      'courses built',
    )
    logImportReport(
      logger,
      await importCourses(prisma, {
        manifest: result.manifest,
        coursesDir,
        contentBuildDir: contentDir,
        problems: result.problems,
      }),
    )
  }
  await rebuild()
  const { watch } = await import('node:fs')
  let timer: NodeJS.Timeout | undefined
  let running = Promise.resolve()
  // A new version is announced with NOTIFY: the HTTP process reloads it, then the open page (onContentChange).
  watch(coursesDir, { recursive: true }, (_event, name) => {
    if (name && path.basename(name.toString()).startsWith('.')) return
    clearTimeout(timer)
    timer = setTimeout(() => {
      running = running.then(rebuild).catch((error: unknown) => logger.error({ err: error }, 'course rebuild failed'))
    }, 150)
  })
}

async function startHttp(): Promise<() => Promise<void>> {
  const { env, init, servedOverHttps } = await import('#app/utils/env.server.ts')
  const config = cluster.isWorker ? init() : env()
  const { logger } = await import('#app/utils/logger.server.ts')
  const { disconnectDatabase, prisma } = await import('#app/utils/db.server.ts')
  const production = config.NODE_ENV === 'production'
  // Offline payments: MSW answers the Stripe API in this process (ADR 008).
  const { paymentsMode } = await import('#app/utils/env.server.ts')
  const payments = paymentsMode(config)
  if (payments === 'offline') {
    const { startStripeMocks } = await import('#tests/mocks/stripe.ts')
    startStripeMocks()
    if (production)
      logger.warn('STRIPE_OFFLINE is on: paid courses use the offline stand-in checkout, no real payments')
  }
  logger.debug({ payments }, 'payments mode')
  // HSTS and upgrade-insecure-requests when the site is https, like the cookies' Secure flag.
  const secureTransport = servedOverHttps(config)

  const vite = production
    ? null
    : await import('vite').then(({ createServer }) => createServer({ server: { middlewareMode: true } }))

  const app = express()
  app.disable('x-powered-by')
  // Behind one proxy (the load balancer): the client is the last X-Forwarded-For entry, the one
  // that proxy added. Earlier entries come from the client and could be anything (ADR 014).
  if (config.TRUST_PROXY) app.set('trust proxy', 1)

  // Request id and one structured log line per request.
  app.use((req, res, next) => {
    const requestId = req.get('x-request-id')?.slice(0, 100) || randomUUID()
    res.locals.requestId = requestId
    res.setHeader('X-Request-Id', requestId)
    const started = process.hrtime.bigint()
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6
      const entry = {
        requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
      }
      if (res.statusCode >= 500) logger.error(entry, 'request')
      else if (req.path.startsWith('/assets/') || req.path.startsWith('/@')) logger.debug(entry, 'request')
      else logger.info(entry, 'request')
    })
    next()
  })

  app.use(refuseLegacyDataRequests)

  // Mutations from other origins are refused: the whole origin, scheme included, must be APP_URL's
  // (in development also the address the site was opened at). Then the body's declared size.
  app.use(refuseCrossOriginMutations({ appOrigin: config.APP_URL, acceptRequestOrigin: !production }))
  app.use((req, res, next) => (SAFE_METHODS.has(req.method) ? next() : checkLength(req, res, next)))
  function checkLength(req: express.Request, res: express.Response, next: express.NextFunction) {
    const declared = req.get('content-length')
    if (declared === undefined && req.get('transfer-encoding')) {
      // A body of undeclared length (chunked) would be read whole, past the limit below.
      // Browsers always declare the length of a form or fetch body.
      res
        .status(411)
        .type('text/plain; charset=utf-8')
        .send('411: request length required / se requiere la longitud de la solicitud')
      return
    }
    const length = Number(declared ?? 0)
    // Cohort CSV uploads (up to MAX_CSV_ROWS people) and Studio images get a larger allowance than
    // other forms; the image's own limit is checked again while the route reads it (ADR 034 §3f).
    const limit = COHORT_UPLOAD_PATH.test(req.path)
      ? MAX_UPLOAD_BYTES
      : IMAGE_UPLOAD_PATH.test(req.path)
        ? MAX_IMAGE_BYTES + MAX_BODY_BYTES
        : MAX_BODY_BYTES
    if (length > limit) {
      res.status(413).type('text/plain; charset=utf-8').send('413: request too large / solicitud demasiado grande')
      return
    }
    next()
  }

  // Security headers with a per-request nonce for the few inline scripts React Remix writes.
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64')
    next()
  })
  app.use(
    helmet({
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'same-origin' },
      strictTransportSecurity: secureTransport ? { maxAge: 31536000, includeSubDomains: true } : false,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          // Vite injects CSS with <style> in development only. The Studio's editor (CodeMirror) writes
          // its own <style> element, carrying the page's nonce (EditorView.cspNonce).
          'style-src': production
            ? ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`]
            : ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'"],
          'connect-src': production ? ["'self'"] : ["'self'", 'ws:'],
          // A form without JavaScript follows the redirect to Stripe's hosted checkout page.
          'form-action': payments === 'stripe' ? ["'self'", 'https://checkout.stripe.com'] : ["'self'"],
          'frame-ancestors': ["'none'"],
          'base-uri': ["'self'"],
          'object-src': ["'none'"],
          'upgrade-insecure-requests': secureTransport ? [] : null,
        },
      },
    }),
  )

  // Course images: hash-named, so cached for good; from content-build/ or the database (ADR 034 §3f).
  const contentDir = path.resolve(ROOT, process.env.CONTENT_BUILD_DIR ?? 'content-build')
  app.use(contentAssets({ contentDir, prisma }))

  if (vite) {
    // The open page reloads when a course file changes.
    onContentChange = () => vite.ws.send({ type: 'full-reload' })
    app.use(vite.middlewares)
  } else {
    // The browser's files, compressed once at build time (scripts/compress-assets.mjs): the .br or
    // .gz copy the browser accepts, with Content-Encoding and Vary (ADR 027). Mounted on their own
    // paths only, so a page request never waits for a failing disk lookup.
    const clientDir = path.join(ROOT, 'build/client')
    const precompressed = (dir: string, cache: { immutable?: boolean; maxAge: string }) =>
      expressStaticGzip(dir, {
        enableBrotli: true,
        orderPreference: ['br', 'gzip'],
        index: false,
        serveStatic: { ...cache, index: false },
      })
    app.use('/assets', precompressed(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y' }))
    // The few files at the top of build/client (from public/: favicon.svg), by their exact names.
    const topFiles = new Set(
      readdirSync(clientDir, { withFileTypes: true })
        .filter((entry) => entry.isFile() && !/\.(br|gz)$/.test(entry.name))
        .map((entry) => `/${entry.name}`),
    )
    const topLevel = precompressed(clientDir, { maxAge: '1h' })
    app.use((req, res, next) => (topFiles.has(req.path) ? topLevel(req, res, next) : next()))
  }

  const serverBuildPath = path.join(ROOT, 'build/server/index.js')
  if (!vite && !existsSync(serverBuildPath)) {
    throw new Error('No production build found: run `npm run build` before `npm start`.')
  }
  const build = vite
    ? () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
    : ((await import(serverBuildPath)) as ServerBuild)

  const { runWithRequestCache } = await import('#app/utils/request-cache.server.ts')
  const remixHandler = createRequestHandler({
    build,
    mode: config.NODE_ENV,
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce as string,
      requestId: res.locals.requestId as string,
      clientIp: (config.TRUST_PROXY ? req.ip : req.socket.remoteAddress) ?? 'unknown',
      documentRequest: !req.path.endsWith('.data'),
      staticHtml: new Map(),
    }),
  })
  // Pages are compressed as they are sent, with gzip at level 3, never Brotli (ADR 027): on the
  // lesson page Brotli's per-response cost halved the pages served per second; gzip at level 3 (the
  // last of zlib's fast levels) costs half of level 5 for pages 7–8 % larger (§2, 2026-12-03).
  // The browser's files went out above, compressed at build.
  app.use((req, _res, next) => {
    const offered = req.headers['accept-encoding']
    if (offered) req.headers['accept-encoding'] = withoutBrotli(offered)
    next()
  })
  app.use(compression({ level: 3 }))
  app.all('*', (req, res, next) => runWithRequestCache(() => remixHandler(req, res, next)))

  // Errors raised before Remix (e.g. a malformed %-encoding in a static path): a short answer
  // and one structured log line, never a stack trace on stderr for a client's mistake.
  app.use(
    (
      error: Error & { status?: number; statusCode?: number },
      req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      const status = error.status ?? error.statusCode ?? 500
      if (res.headersSent) return next(error)
      if (status >= 500) logger.error({ err: error, path: req.path }, 'express error')
      else logger.warn({ status, path: req.path, message: error.message }, 'bad request')
      res
        .status(status)
        .type('text/plain; charset=utf-8')
        .send(status >= 500 ? '500' : `${status}`)
    },
  )

  // The published courses, in memory before the first request; kept current by NOTIFY and a poll.
  const { ContentLoader, setLiveContent } = await import('#app/content/live.server.ts')
  const content = new ContentLoader(prisma)
  const stopContent = await content.start({
    databaseUrl: config.DATABASE_URL!,
    onChange: (courses) => {
      logger.info({ courses }, 'published courses reloaded')
      onContentChange?.()
    },
    onError: (error) => logger.warn({ err: error }, 'published courses: reload or listen failed'),
  })
  setLiveContent(content)

  const server = app.listen(config.PORT, () => {
    logger.info({ port: config.PORT, url: config.APP_URL, embedded: config.AULA_EMBEDDED_DB }, 'Aula is listening')
  })

  const stop = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    const force = setTimeout(() => server.closeAllConnections(), 5000)
    await closed
    clearTimeout(force)
    await stopContent()
    await vite?.close()
    await disconnectDatabase()
  }
  if (cluster.isWorker) {
    process.on('SIGTERM', () => void stop().then(() => process.exit(0)))
    process.on('SIGINT', () => {})
  }
  return stop
}

if (cluster.isPrimary) {
  primary().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
} else {
  process.on('message', (message: { aulaEmbeddedDb?: string }) => {
    if (message?.aulaEmbeddedDb) setEmbeddedDatabaseState(message.aulaEmbeddedDb)
  })
  if (process.env.AULA_EMBEDDED_DB === 'true') process.send?.({ aulaEmbeddedDbAsk: true })
  startHttp().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
