// The app behind real HTTP for integration tests: Express and the Remix request handler, as
// server/index.ts serves it, with the route modules loaded by Vite from the sources (as `npm run
// dev` loads them; no build needed) against the test file's own database. Requests go over a
// socket with Node's fetch, bodies as bytes, exactly as a browser or a script would send them.
import { randomUUID } from 'node:crypto'
import { type Server } from 'node:http'
import { type AddressInfo } from 'node:net'
import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import { type ServerBuild } from '@remix-run/node'
import express from 'express'
import { createServer as createViteServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll } from 'vitest'
import { CONTENT_BUILD_DIR, getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { importCourses } from '#app/content/versions.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { env } from '#app/utils/env.server.ts'
import { runWithRequestCache } from '#app/utils/request-cache.server.ts'
import { contentAssets } from '#server/content-assets.ts'
import { refuseLegacyDataRequests } from '#server/legacy-data-requests.ts'
import { refuseCrossOriginMutations } from '#server/request-guards.ts'

/** Header a test sets to be seen as a different client address (per-IP rate limits). */
export const CLIENT_IP_HEADER = 'x-test-client-ip'

export type AppServer = {
  origin: string
  /** A module as the server's build loaded it (the same instance the routes use). */
  load<T>(id: string): Promise<T>
  close(): Promise<void>
}

export async function startAppServer(): Promise<AppServer> {
  const vite: ViteDevServer = await createViteServer({
    appType: 'custom',
    logLevel: 'silent',
    clearScreen: false,
    server: { middlewareMode: true, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  })
  const build = () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
  // Load every route once before the first request (Vite compiles them on first use).
  await build()
  const handler = createRequestHandler({
    build,
    mode: 'test',
    getLoadContext: (req) => ({
      cspNonce: 'test',
      requestId: randomUUID(),
      clientIp: req.get(CLIENT_IP_HEADER) ?? req.socket.remoteAddress ?? 'unknown',
      documentRequest: !req.path.endsWith('.data'),
      staticHtml: new Map(),
    }),
  })
  const app = express()
  app.disable('x-powered-by')
  // As server/index.ts in development: APP_URL's origin, or the address the test opened.
  app.use(refuseCrossOriginMutations({ appOrigin: env().APP_URL, acceptRequestOrigin: true }))
  app.use(refuseLegacyDataRequests)
  app.use(contentAssets({ contentDir: CONTENT_BUILD_DIR, prisma }))
  app.all('*', (req, res, next) => runWithRequestCache(() => handler(req, res, next)))
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    load: <T>(id: string) => vite.ssrLoadModule(id) as Promise<T>,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await vite.close()
    },
  }
}

/**
 * The app over HTTP for the whole test file: started before its tests (with `catalogue`, after the
 * course catalogue is synced into the file's database) and closed after them. Use it in the tests.
 */
export function serveAppForFile({
  catalogue = false,
  versions = false,
}: { catalogue?: boolean; versions?: boolean } = {}): AppServer {
  let app: AppServer | undefined
  beforeAll(async () => {
    if (catalogue) await syncCatalogue(prisma, getManifest())
    // The courses as published versions (what every start imports): the Studio starts from them.
    if (versions)
      await importCourses(prisma, {
        manifest: getManifest(),
        coursesDir: path.resolve('courses'),
        contentBuildDir: CONTENT_BUILD_DIR,
      })
    app = await startAppServer()
  }, 120_000)
  afterAll(async () => {
    await app?.close()
  })
  const started = () => {
    if (!app) throw new Error('the app server starts in beforeAll: use it in the tests')
    return app
  }
  return {
    get origin() {
      return started().origin
    },
    load: (id) => started().load(id),
    close: () => started().close(),
  }
}

/**
 * Pages and forms over HTTP as a browser sends them: a GET, or a form POST (URL-encoded, with the
 * page's Origin), with the session cookie if given; redirects are answered, not followed.
 */
export function pageClient(app: { origin: string }) {
  const answer = async (response: Response) => ({
    status: response.status,
    text: await response.text(),
    location: response.headers.get('Location'),
    headers: response.headers,
  })
  return {
    get: async (pathname: string, cookie?: string) =>
      answer(
        await fetch(`${app.origin}${pathname}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' }),
      ),
    /** A form's fields; as pairs when a name is sent more than once (checkboxes). */
    post: async (pathname: string, fields: Record<string, string> | Array<[string, string]>, cookie?: string) =>
      answer(
        await fetch(`${app.origin}${pathname}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Origin: app.origin,
            ...(cookie ? { Cookie: cookie } : {}),
          },
          body: new URLSearchParams(fields).toString(),
          redirect: 'manual',
        }),
      ),
    /** A multipart form (a file upload, or fields repeated in order), as a form with encType="multipart/form-data" sends it. */
    postMultipart: async (pathname: string, fields: Array<[string, string | File]>, cookie?: string) => {
      const body = new FormData()
      for (const [name, value] of fields) body.append(name, value)
      return answer(
        await fetch(`${app.origin}${pathname}`, {
          method: 'POST',
          headers: { Origin: app.origin, ...(cookie ? { Cookie: cookie } : {}) },
          body,
          redirect: 'manual',
        }),
      )
    },
  }
}
