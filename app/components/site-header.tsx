import { Form, Link, NavLink } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { type Lang } from '#app/utils/i18n.ts'
import { LanguageSwitch } from './language-switch.tsx'

type HeaderUser = { displayName: string; role: 'learner' | 'trainer' | 'admin' } | null

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded px-3 py-2 text-sm font-medium ${isActive ? 'bg-brand-50 text-brand-800' : 'text-slate-700 hover:bg-slate-100'}`

export function SiteHeader({ lang, user }: { lang: Lang; user: HeaderUser }) {
  const { t } = useTranslation()
  return (
    <header role="banner" className="border-b border-slate-200 bg-white">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10 focus:rounded focus:bg-white focus:p-2"
      >
        {t('nav.skip')}
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link to={`/${lang}`} className="text-brand-800 flex items-center gap-2 text-xl font-bold">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Aula</span>
        </Link>
        <nav aria-label={t('nav.main')} className="flex-1">
          <ul className="flex flex-wrap gap-1">
            <li>
              <NavLink to={`/${lang}`} end className={navClass}>
                {t('nav.home')}
              </NavLink>
            </li>
            <li>
              <NavLink to={`/${lang}/courses`} className={navClass}>
                {t('nav.courses')}
              </NavLink>
            </li>
            {user ? (
              <li>
                <NavLink to={`/${lang}/dashboard`} className={navClass}>
                  {t('nav.dashboard')}
                </NavLink>
              </li>
            ) : null}
            {user && (user.role === 'trainer' || user.role === 'admin') ? (
              <li>
                <NavLink to={`/${lang}/teach`} reloadDocument className={navClass}>
                  {t('nav.teach')}
                </NavLink>
              </li>
            ) : null}
            {user && (user.role === 'trainer' || user.role === 'admin') ? (
              <li>
                <NavLink to={`/${lang}/studio`} reloadDocument className={navClass}>
                  {t('nav.studio')}
                </NavLink>
              </li>
            ) : null}
            {user?.role === 'admin' ? (
              <li>
                <NavLink to={`/${lang}/admin`} reloadDocument className={navClass}>
                  {t('nav.admin')}
                </NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
        <LanguageSwitch lang={lang} />
        {user ? (
          <details className="relative">
            <summary className="cursor-pointer list-none rounded px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100">
              <span className="sr-only">{t('nav.accountMenu')}: </span>
              {user.displayName}
            </summary>
            <div className="absolute right-0 z-20 mt-1 w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
              <Link to={`/${lang}/account`} className="block rounded px-3 py-2 text-sm hover:bg-slate-100">
                {t('nav.account')}
              </Link>
              <Form method="post" action={`/${lang}/logout`}>
                <button type="submit" className="block w-full rounded px-3 py-2 text-left text-sm hover:bg-slate-100">
                  {t('nav.logout')}
                </button>
              </Form>
            </div>
          </details>
        ) : (
          <div className="flex gap-2">
            <Link
              to={`/${lang}/login`}
              className="text-brand-700 hover:bg-brand-50 rounded px-3 py-2 text-sm font-medium"
            >
              {t('nav.login')}
            </Link>
            <Link
              to={`/${lang}/signup`}
              className="bg-brand-600 hover:bg-brand-700 rounded px-3 py-2 text-sm font-medium text-white"
            >
              {t('nav.signup')}
            </Link>
          </div>
        )}
      </div>
    </header>
  )
}

const FOOTER_LINKS = [
  ['help', 'footer.help'],
  ['contact', 'footer.contact'],
  ['privacy', 'footer.privacy'],
  ['terms', 'footer.terms'],
  ['accessibility', 'footer.accessibility'],
  ['verify', 'footer.verify'],
] as const

export function SiteFooter({ lang }: { lang: Lang }) {
  const { t } = useTranslation()
  return (
    <footer role="contentinfo" className="mt-16 border-t border-slate-200 bg-slate-50 print:hidden">
      <div className="mx-auto max-w-6xl px-4 py-8 text-sm text-slate-700">
        <p className="font-semibold text-slate-900">Aula</p>
        <p className="mt-1 max-w-2xl">{t('footer.about')}</p>
        <nav aria-label={t('footer.nav')} className="mt-4">
          <ul className="flex flex-wrap gap-x-6 gap-y-2">
            {FOOTER_LINKS.map(([path, label]) => (
              <li key={path}>
                <Link to={`/${lang}/${path}`} className="text-brand-700 underline">
                  {t(label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </footer>
  )
}

export function Toast({ toast }: { toast: { kind: 'success' | 'info' | 'error'; message: string } | null }) {
  if (!toast) return null
  const style = {
    success: 'border-green-300 bg-green-50 text-green-900',
    info: 'border-brand-100 bg-brand-50 text-brand-800',
    error: 'border-red-300 bg-red-50 text-red-900',
  }[toast.kind]
  return (
    <div role="status" className={`mx-auto mt-4 max-w-6xl rounded-md border px-4 py-3 text-sm ${style}`}>
      {toast.message}
    </div>
  )
}
