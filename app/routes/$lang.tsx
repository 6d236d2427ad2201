// Every page lives under /en or /es: validate the segment, remember it, draw the site shell.
import { data, type LoaderFunctionArgs } from '@remix-run/node'
import { Outlet } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { SiteFooter, SiteHeader, Toast } from '#app/components/site-header.tsx'
import { useRootData } from '#app/root.tsx'
import { langCookie } from '#app/utils/i18n.server.ts'
import { isLang, type Lang } from '#app/utils/i18n.ts'

export async function loader({ params, request }: LoaderFunctionArgs) {
  if (!isLang(params.lang)) throw new Response('Not found', { status: 404 })
  const remembered: unknown = await langCookie().parse(request.headers.get('Cookie'))
  if (remembered === params.lang) return null
  return data(null, { headers: { 'Set-Cookie': await langCookie().serialize(params.lang) } })
}

function Shell({ children }: { children: React.ReactNode }) {
  const root = useRootData()
  const lang: Lang = root?.lang ?? 'en'
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

export function ErrorBoundary() {
  return (
    <Shell>
      <GeneralErrorBoundary />
    </Shell>
  )
}
