import {
  createReadableStreamFromReadable,
  type AppLoadContext,
  type EntryContext,
  type HandleDataRequestFunction,
  type HandleErrorFunction,
} from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import i18next from 'i18next'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { StaticHtmlContext } from './components/static-html.tsx'
import { resources } from './locales/index.ts'
import { i18nInstance } from './utils/i18n-instance.server.ts'
import { DEFAULT_LANG, isLang, NAMESPACES } from './utils/i18n.ts'
import { logger } from './utils/logger.server.ts'
import { NonceProvider } from './utils/nonce-provider.ts'
import { RenderStream } from './utils/render-stream.server.ts'
import { setPrivacyHeaders } from './utils/session.server.ts'

export const streamTimeout = 5000

// The default instance serves meta functions (app/utils/meta.ts) in both languages.
void i18next.init({
  resources,
  ns: [...NAMESPACES],
  defaultNS: 'common',
  fallbackLng: false,
  interpolation: { escapeValue: false },
  initImmediate: false,
})

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  await setPrivacyHeaders(request, responseHeaders)
  const first = new URL(request.url).pathname.split('/')[1]
  const lang = isLang(first) ? first : DEFAULT_LANG
  const nonce = loadContext.cspNonce ?? ''
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
  return new Promise((resolve, reject) => {
    let shellRendered = false
    // React is told to stop (abort) if the page is still rendering streamTimeout + 1 s from now. The
    // timer is cleared once React has written the whole page (or the shell failed): until it fires, its
    // callback holds the request's whole render (React's state, the loader data, the page's stream),
    // which kept ~6 s of pages alive under load (ADR 027 §13; remix-run/react-router#13416).
    let abortTimer: NodeJS.Timeout | undefined
    let finished = false
    const stopTimer = () => {
      finished = true
      clearTimeout(abortTimer)
    }
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18nInstance(lang)}>
          <StaticHtmlContext.Provider value={loadContext.staticHtml ?? null}>
            <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
          </StaticHtmlContext.Provider>
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true
          // React's bursts of writing as one chunk each: one gzip flush and socket write per burst (ADR 027 §10).
          const body = new RenderStream()
          body.once('finish', stopTimer)
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          stopTimer()
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) logger.error({ err: error }, 'render error')
        },
      },
    )
    if (!finished) abortTimer = setTimeout(abort, streamTimeout + 1000)
  })
}

/** A page's data fetched by the client (single fetch): the same headers as the page. */
export const handleDataRequest: HandleDataRequestFunction = async (response, { request }) => {
  await setPrivacyHeaders(request, response.headers)
  return response
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return
  logger.error({ err: error, path: new URL(request.url).pathname, method: request.method }, 'unhandled error')
}
