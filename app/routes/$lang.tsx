// Every page lives under /en or /es: validate the segment, remember it, draw the site shell. Its
// error boundary is every page's: a page's error (404, 403, 400, 500) shows inside the same shell.
import { data, type LoaderFunctionArgs } from '@remix-run/node'
import { Outlet } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { SiteFooter, SiteHeader, Toast } from '#app/components/site-header.tsx'
import { useLang, useRootData } from '#app/root.tsx'
import { langCookie } from '#app/utils/i18n.server.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { retryAfterHeaders } from '#app/utils/rate-limit.server.ts'

export async function loader({ params, request }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const remembered: unknown = await langCookie().parse(request.headers.get('Cookie'))
  if (remembered === lang) return null
  return data(null, { headers: { 'Set-Cookie': await langCookie().serialize(lang) } })
}

function Shell({ children }: { children: React.ReactNode }) {
  const root = useRootData()
  const lang = useLang()
  return (
    <>
      <SiteHeader lang={lang} user={root?.user ?? null} />
      <Toast toast={root?.toast ?? null} />
      <main id="main" className="flex-1">
        {children}
      </main>
      <SiteFooter lang={lang} />
    </>
  )
}

export default function LangLayout() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  )
}

// This layout's boundary shows every page's error (a 429 among them): the error's Retry-After stays on the page.
export const headers = retryAfterHeaders

export function ErrorBoundary() {
  return (
    <Shell>
      <GeneralErrorBoundary />
    </Shell>
  )
}
