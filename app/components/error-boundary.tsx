// One error boundary for every route: translated, specific messages per status.
import { isRouteErrorResponse, Link, useLocation, useRouteError } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { isLang } from '#app/utils/i18n.ts'

const KNOWN = new Set([400, 403, 404, 405, 413, 415, 429])

export function GeneralErrorBoundary({ standalone = false }: { standalone?: boolean }) {
  const error = useRouteError()
  const { t } = useTranslation()
  const location = useLocation()
  const first = location.pathname.split('/')[1]
  const lang = isLang(first) ? first : 'en'
  let status = 500
  let retryAfterMinutes: number | null = null
  if (isRouteErrorResponse(error)) {
    status = error.status
    const retry = (error.data as { retryAfterSeconds?: number } | null)?.retryAfterSeconds
    if (typeof retry === 'number') retryAfterMinutes = Math.max(1, Math.ceil(retry / 60))
  } else if (typeof console !== 'undefined') {
    console.error(error)
  }
  const key = KNOWN.has(status) ? String(status) : '500'
  const body = (
    <div className="mx-auto max-w-xl px-4 py-16 text-center">
      <p className="text-brand-700 text-sm font-semibold">{t('errors.code', { status })}</p>
      <h1 className="mt-2 text-3xl font-bold">{t(`errors.${key}.title`)}</h1>
      <p className="mt-4 text-slate-700">
        {retryAfterMinutes ? t('errors.429.retry', { count: retryAfterMinutes }) : t(`errors.${key}.body`)}
      </p>
      <p className="mt-8">
        <Link to={`/${lang}`} reloadDocument={standalone} className="text-brand-700 font-medium underline">
          {t('errors.home')}
        </Link>
      </p>
    </div>
  )
  if (!standalone) return body
  return (
    <main id="main" className="flex-1">
      {body}
    </main>
  )
}
