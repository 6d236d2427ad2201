import { data, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from '@remix-run/react'
import { getUser } from '#app/accounts/auth.server.ts'
import { GeneralErrorBoundary } from './components/error-boundary.tsx'
import stylesheet from './styles/app.css?url'
import { env } from './utils/env.server.ts'
import { stringsBundle } from './utils/i18n-bundle.server.ts'
import { getT, detectLang } from './utils/i18n.server.ts'
import { DEFAULT_LANG, isLang, LANGS, switchLangPath, type Lang } from './utils/i18n.ts'
import { logger } from './utils/logger.server.ts'
import { useNonce } from './utils/nonce-provider.ts'
import { readToast } from './utils/toast.server.ts'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const first = new URL(request.url).pathname.split('/')[1]
  const lang: Lang = isLang(first) ? first : await detectLang(request)
  // The shell must render (translated) even when the database is down: no user then.
  const [user, { toast, clear }] = await Promise.all([
    getUser(request).catch((error: unknown) => {
      logger.error({ err: error }, 'root loader could not read the session')
      return null
    }),
    readToast(request),
  ])
  const t = getT(lang)
  const staff = user?.role === 'admin' || user?.role === 'trainer'
  return data(
    {
      lang,
      // The script with the page language's strings (ADR 004); staff get their pages' strings too.
      strings: stringsBundle(lang, staff ? 'staff' : 'public').url,
      // For the hreflang links: APP_URL is an origin (no trailing slash), like appUrl's base.
      origin: env().APP_URL,
      user: user
        ? {
            id: user.id,
            displayName: user.displayName,
            role: user.role,
            country: user.country,
            verified: Boolean(user.emailVerifiedAt),
          }
        : null,
      toast: toast ? { kind: toast.kind, message: t(toast.key, toast.values ?? {}) } : null,
    },
    clear ? { headers: { 'Set-Cookie': clear } } : undefined,
  )
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>['data']

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

/** The page language in components: the root loader's, else the address's first segment (ADR 013's one vocabulary). */
export function useLang(): Lang {
  const rootData = useRootData()
  const first = useLocation().pathname.split('/')[1]
  return rootData?.lang ?? (isLang(first) ? first : DEFAULT_LANG)
}

// The language is part of the root data: refetch it when the /en or /es prefix changes (the
// language switch is a full page load anyway, so the new language's strings come with it).
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  currentUrl.pathname.split('/')[1] !== nextUrl.pathname.split('/')[1] || defaultShouldRevalidate

export function Layout({ children }: { children: React.ReactNode }) {
  const rootData = useRootData()
  const location = useLocation()
  const nonce = useNonce()
  const first = location.pathname.split('/')[1]
  const lang = useLang()
  return (
    <html lang={lang} dir="ltr" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        {rootData && isLang(first) ? (
          <>
            {LANGS.map((code) => (
              <link
                key={code}
                rel="alternate"
                hrefLang={code}
                href={`${rootData.origin}${switchLangPath(location.pathname, location.search, code)}`}
              />
            ))}
            <link rel="alternate" hrefLang="x-default" href={`${rootData.origin}/`} />
          </>
        ) : null}
        <Links />
      </head>
      <body className="flex min-h-full flex-col bg-white text-slate-900 antialiased">
        {children}
        {/* The page language's strings for entry.client, from a script the browser caches (ADR 004).
            Deferred, so it never holds up the parser or the first paint of the lesson; entry.client
            waits for it (the "aula:i18n" event) when it runs first. Log in is a full page load, and
            so are the header's links into the staff areas, so a person who becomes staff gets the
            staff strings on the next page. */}
        {rootData?.strings ? <script defer src={rootData.strings} nonce={nonce} data-aula-strings="" /> : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary standalone />
}
