// patches/@remix-run+react+2.17.5.patch and patches/react-router-dom+6.30.4.patch keep the route tree
// a page renders with per build (RemixServer made it anew for every request: createServerRoutes, then
// createStaticRouter's conversion to data routes, then a flatten-and-rank of the new tree on every
// match; ADR 027 §11). These tests fail if `npm ci` did not apply the patches, and check that a kept
// tree is used only for the build and the modules it was made from.
import { createRequire } from 'node:module'
import type * as RouterModule from '@remix-run/router'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, test, vi } from 'vitest'

const require = createRequire(import.meta.url)
// The CommonJS builds, as the server build loads them under Node.
const remixRoutes = require('@remix-run/react/dist/routes.js') as {
  createServerRoutes: (...args: unknown[]) => unknown
}
const { RemixServer } = require('@remix-run/react/dist/server.js') as { RemixServer: (props: unknown) => unknown }
const { createStaticRouter } = require('react-router-dom/server') as {
  createStaticRouter: (routes: unknown[], context: unknown) => { routes: RouterModule.AgnosticDataRouteObject[] }
}
const router = require('@remix-run/router') as typeof RouterModule

type Modules = Record<string, { default: () => unknown }>

/** A build of two routes (a root and its index), and what the server runtime hands RemixServer for `/`. */
async function page(build: { manifestRoutes: Record<string, object>; modules: Modules; future: object }) {
  const handler = router.createStaticHandler([{ id: 'root', path: '/', children: [{ id: 'home', index: true }] }])
  const staticHandlerContext = await handler.query(new Request('http://aula.test/'))
  return {
    manifest: { version: 'v1', url: '/m.js', entry: { module: '/e.js', imports: [] }, routes: build.manifestRoutes },
    routeModules: { ...build.modules },
    staticHandlerContext,
    future: build.future,
    isSpaMode: false,
    serverHandoffString: '{}',
    criticalCss: undefined,
    renderMeta: {},
  }
}

function build(text = 'home') {
  const manifestRoute = (id: string, parentId?: string, index?: boolean) => ({
    id,
    parentId,
    path: parentId ? undefined : '',
    index,
    module: `/${id}.js`,
    hasLoader: false,
    hasAction: false,
    hasClientLoader: false,
    hasClientAction: false,
    hasErrorBoundary: false,
  })
  return {
    manifestRoutes: { root: manifestRoute('root'), home: manifestRoute('home', 'root', true) },
    modules: {
      root: { default: () => createElement('main', null, createElement(require('@remix-run/react').Outlet)) },
      home: { default: () => text },
    } as Modules,
    future: { v3_singleFetch: true },
  }
}

describe('the route-tree patches', () => {
  test('createStaticRouter converts a route tree once: the same data routes for the same tree', async () => {
    const routes = [{ id: 'root', path: '/', children: [{ id: 'home', index: true }] }]
    const context = (await router.createStaticHandler(routes).query(new Request('http://aula.test/'))) as object
    const first = createStaticRouter(routes, context)
    const second = createStaticRouter(routes, context)
    expect(second.routes).toBe(first.routes)
    expect(first.routes[0]).toMatchObject({ id: 'root', path: '/', children: [{ id: 'home', index: true }] })
    // Another tree is converted on its own.
    const other = createStaticRouter([{ id: 'root', path: '/' }], context)
    expect(other.routes).not.toBe(first.routes)
    expect(other.routes[0]!.children).toBeUndefined()
  })

  test('RemixServer makes the tree once per build and renders the same page with it', async () => {
    const spy = vi.spyOn(remixRoutes, 'createServerRoutes')
    const b = build()
    const first = renderToString(
      createElement(RemixServer as never, { context: await page(b), url: 'http://aula.test/' }),
    )
    const second = renderToString(
      createElement(RemixServer as never, { context: await page(b), url: 'http://aula.test/' }),
    )
    expect(first).toContain('<main>home</main>')
    expect(second).toBe(first)
    // One call for the whole tree (it calls itself for children: those calls do not go through the export).
    expect(spy).toHaveBeenCalledTimes(1)
  })

  test('a new build, or a route module changed under the same manifest (a development server), gets a new tree', async () => {
    const spy = vi.spyOn(remixRoutes, 'createServerRoutes')
    const b = build('version one')
    const one = renderToString(
      createElement(RemixServer as never, { context: await page(b), url: 'http://aula.test/' }),
    )
    expect(one).toContain('version one')
    // The same manifest routes object, the index route's module replaced.
    const changed = { ...b, modules: { ...b.modules, home: { default: () => 'version two' } } }
    const two = renderToString(
      createElement(RemixServer as never, { context: await page(changed), url: 'http://aula.test/' }),
    )
    expect(two).toContain('version two')
    const next = build('version three')
    const three = renderToString(
      createElement(RemixServer as never, { context: await page(next), url: 'http://aula.test/' }),
    )
    expect(three).toContain('version three')
    expect(spy).toHaveBeenCalledTimes(3)
  })
})
