// The administrator's overview: who is on the platform, and the latest audited actions.
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '#app/accounts/auth.server.ts'
import { AUDIT_EVENT_SELECT } from '#app/audit/audit.server.ts'
import { ADMIN_SECTIONS } from '#app/components/admin-nav.tsx'
import { PageSection, RowsTable } from '#app/components/page-section.tsx'
import { waitingForAdministrators } from '#app/reports/reports.server.ts'
import { useLang } from '#app/root.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { ROLES } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'admin:title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const [byRole, events, waiting] = await Promise.all([
    prisma.user.groupBy({ by: ['role'], where: { deletedAt: null }, _count: { _all: true } }),
    prisma.auditEvent.findMany({
      select: AUDIT_EVENT_SELECT,
      orderBy: { createdAt: 'desc' },
      take: 20,
    }),
    waitingForAdministrators(),
  ])
  return {
    waiting,
    locale: formattingLocale(lang, admin.country),
    counts: Object.fromEntries(byRole.map((r) => [r.role, r._count._all])) as Record<string, number>,
    events: events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString(), actor: e.actor?.displayName ?? null })),
  }
}

export default function AdminPage() {
  const { counts, events, locale, waiting } = useLoaderData<typeof loader>()
  const { t } = useTranslation('admin')
  const lang = useLang()
  const number = new Intl.NumberFormat(locale)
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <>
      <div className="mx-auto max-w-6xl space-y-10 px-4 py-10">
        <div className="flex flex-wrap items-baseline justify-between gap-4">
          <h1 className="text-3xl font-bold">{t('title')}</h1>
        </div>
        <PageSection id="waiting" title={t('waiting.title')}>
          <ul className="mt-4 grid gap-4 sm:grid-cols-3">
            {(
              [
                ['approvals', 'certificates'],
                ['requests', 'payments'],
                ['flagged', 'payments'],
              ] as const
            ).map(([key, path]) => (
              <li key={key} className="rounded-md border border-slate-200 p-4">
                <Link to={`/${lang}/admin/${path}`} className="text-brand-700 font-medium underline">
                  {t(`waiting.${key}`, { count: waiting[key] })}
                </Link>
              </li>
            ))}
            {(['mailQueued', 'mailFailed'] as const).map((key) => (
              <li key={key} className="rounded-md border border-slate-200 p-4" data-testid={key}>
                <span className="font-medium">{t(`waiting.${key}`, { count: waiting[key] })}</span>
              </li>
            ))}
          </ul>
          {waiting.mailQueued + waiting.mailFailed > 0 ? (
            <p className="mt-2 text-sm text-slate-700">{t('waiting.mailNote')}</p>
          ) : null}
        </PageSection>
        <PageSection id="people" title={t('people')}>
          <dl className="mt-4 grid grid-cols-3 gap-4">
            {ROLES.map((role) => (
              <div key={role} className="rounded-md border border-slate-200 p-4">
                <dt className="text-sm text-slate-600">{t(`roles.${role}`)}</dt>
                <dd className="text-2xl font-bold">{number.format(counts[role] ?? 0)}</dd>
              </div>
            ))}
          </dl>
        </PageSection>
        <PageSection id="audit" title={t('audit.title')}>
          <RowsTable
            rows={events}
            empty={t('audit.none')}
            columns={[t('audit.when'), t('audit.who'), t('audit.what'), t('audit.subject')]}
            rowKey={(e) => e.id}
          >
            {(e) => (
              <>
                <td className="py-2">{date.format(new Date(e.createdAt))}</td>
                <td className="py-2">{e.actor ?? '—'}</td>
                <td className="py-2">{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</td>
                <td className="py-2 font-mono text-xs">{e.subject}</td>
              </>
            )}
          </RowsTable>
        </PageSection>
        <PageSection id="sections" title={t('reports:nav.label')}>
          <ul className="mt-4 grid gap-4 sm:grid-cols-3">
            {ADMIN_SECTIONS.map((s) => (
              <li key={s.path} className="rounded-md border border-slate-200 p-4">
                <Link to={`/${lang}/admin/${s.path}`} className="text-brand-700 font-semibold underline">
                  {t(s.label)}
                </Link>
                <p className="mt-1 text-sm text-slate-700">{t(s.description)}</p>
              </li>
            ))}
          </ul>
        </PageSection>
      </div>
    </>
  )
}
