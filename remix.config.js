// Remix options. vite.config.ts hands these to the Remix Vite plugin (DESIGN.md, "Stack").
// Every v3_* flag is on, so the later move to React Router is a codemod. With v3_routeConfig
// the route list lives in app/routes.ts (flat routes from app/routes/).
/** @type {import('@remix-run/dev').VitePluginConfig} */
export default {
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
    v3_routeConfig: true,
  },
}
