// Checks on every request before Remix sees it, shared by the server (server/index.ts) and the
// integration tests' HTTP server (tests/http.ts), so the tests exercise what production runs.
import type express from 'express'

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export type OriginPolicy = {
  /** The site's public origin (APP_URL): scheme, host and port. */
  appOrigin: string
  /**
   * Also accept the origin the request itself names (its scheme and Host): development and tests,
   * where the site may be opened as localhost or 127.0.0.1. Never in production, where a proxy
   * that ends TLS makes the request look like plain http: there only APP_URL's origin counts.
   */
  acceptRequestOrigin: boolean
}

/**
 * Whether a browser sent this request from another origin. The whole origin is compared (scheme,
 * host and port): a page on http://aula.example.org is not https://aula.example.org. Without an
 * Origin header, Sec-Fetch-Site says; `Origin: null` (sandboxed frames, some redirects) is foreign.
 */
export function isCrossOrigin(req: express.Request, policy: OriginPolicy): boolean {
  const origin = req.get('origin')
  if (origin === undefined || origin === '') return req.get('sec-fetch-site') === 'cross-site'
  let from: string
  try {
    from = new URL(origin).origin
  } catch {
    return true
  }
  if (from === 'null') return true
  if (from === policy.appOrigin) return false
  return !(policy.acceptRequestOrigin && from === `${req.protocol}://${req.get('host')}`)
}

/**
 * Refuses mutations from other origins with a 403 (Remix's own check throws a plain Error, a 500).
 * Machine endpoints (/webhooks/…, signed by their sender) are not checked.
 */
export function refuseCrossOriginMutations(policy: OriginPolicy): express.RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method) || req.path.startsWith('/webhooks/')) return next()
    if (!isCrossOrigin(req, policy)) return next()
    res
      .status(403)
      .type('text/plain; charset=utf-8')
      .send('403: cross-origin request refused / solicitud de otro origen rechazada')
  }
}
