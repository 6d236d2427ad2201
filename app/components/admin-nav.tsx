// The administrator's sections: each one appears in the navigation of every admin page and on
// the admin home page.
import { NavLink } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useLang } from '#app/root.tsx'

export const ADMIN_SECTIONS = [
  { path: 'people', label: 'reports:nav.people', description: 'reports:nav.peopleDescription' },
  { path: 'trainers', label: 'reports:nav.trainers', description: 'reports:nav.trainersDescription' },
  { path: 'reports', label: 'reports:nav.reports', description: 'reports:nav.reportsDescription' },
  { path: 'certificates', label: 'reports:nav.certificates', description: 'reports:nav.certificatesDescription' },
  { path: 'payments', label: 'reports:nav.payments', description: 'reports:nav.paymentsDescription' },
  { path: 'cohorts', label: 'reports:nav.cohorts', description: 'reports:nav.cohortsDescription' },
  { path: 'audit', label: 'reports:nav.audit', description: 'reports:nav.auditDescription' },
] as const

export function AdminNav() {
  const { t } = useTranslation('reports')
  const lang = useLang()
  return (
    <nav aria-label={t('nav.label')} className="border-b border-slate-200">
      <ul className="mx-auto flex max-w-6xl flex-wrap gap-x-6 gap-y-2 px-4 py-3 text-sm">
        <li>
          <NavLink
            end
            to={`/${lang}/admin`}
            className={({ isActive }) =>
              `underline-offset-4 hover:underline ${isActive ? 'font-semibold text-slate-900 underline' : 'text-brand-700'}`
            }
          >
            {t('nav.overview')}
          </NavLink>
        </li>
        {ADMIN_SECTIONS.map((s) => (
          <li key={s.path}>
            <NavLink
              to={`/${lang}/admin/${s.path}`}
              className={({ isActive }) =>
                `underline-offset-4 hover:underline ${isActive ? 'font-semibold text-slate-900 underline' : 'text-brand-700'}`
              }
            >
              {t(s.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}
