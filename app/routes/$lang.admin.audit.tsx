// The audit log: every administrator action, newest first, filtered by actor (name or e-mail),
// action (prefix, e.g. "user." or "certificate.revoke"), subject (prefix, e.g. "user:<id>") and
// date range, 50 a page. Two queries a page (count + rows), served by AuditEvent(createdAt).
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { requireRole } from '#app/accounts/auth.server.ts'
import { AUDIT_EVENT_SELECT } from '#app/audit/audit.server.ts'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { SubmitButton } from '#app/components/forms.tsx'
import { Pager } from '#app/components/pager.tsx'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { useLang } from '#app/root.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { anyOr, DaySchema, pageSchema, parseQuery, SearchSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'reports:audit.title')

export const AUDIT_PAGE_SIZE = 50

const AuditQuerySchema = z.object({
  actor: SearchSchema,
  action: SearchSchema,
  subject: SearchSchema,
  from: anyOr(DaySchema),
  to: anyOr(DaySchema),
  page: pageSchema(),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const url = new URL(request.url)
  const parsed = parseQuery(url, AuditQuerySchema)
  if (!parsed.success) throw new Response('Bad request', { status: 400 })
  const query = parsed.data
  const createdAt: Prisma.DateTimeFilter = {}
  if (query.from) createdAt.gte = new Date(`${query.from}T00:00:00Z`)
  if (query.to) createdAt.lt = new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000)
  const where: Prisma.AuditEventWhereInput = {
    ...(query.from || query.to ? { createdAt } : {}),
    ...(query.action ? { action: { startsWith: query.action } } : {}),
    ...(query.subject ? { subject: { startsWith: query.subject } } : {}),
    ...(query.actor
      ? {
          actor: {
            OR: [
              { email: { contains: query.actor, mode: 'insensitive' } },
              { displayName: { contains: query.actor, mode: 'insensitive' } },
            ],
          },
        }
      : {}),
  }
  const [total, events] = await Promise.all([
    prisma.auditEvent.count({ where }),
    prisma.auditEvent.findMany({
      where,
      // The actor's id too: the log links to the actor.
      select: { ...AUDIT_EVENT_SELECT, actor: { select: { id: true, displayName: true } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (query.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
    }),
  ])
  return {
    query,
    total,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    locale: formattingLocale(lang, admin.country),
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      subject: e.subject,
      // A subject "user:<id>" links to that person's page.
      personId: e.subject.startsWith('user:') ? e.subject.slice(5) : null,
      data: JSON.stringify(e.data),
      createdAt: e.createdAt.toISOString(),
      actor: e.actor ? { id: e.actor.id, name: e.actor.displayName } : null,
    })),
  }
}

export default function AuditPage() {
  const { query, total, pages, events, locale } = useLoaderData<typeof loader>()
  const { t } = useTranslation(['reports', 'admin'])
  const lang = useLang()
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' })
  const field = (id: 'actor' | 'action' | 'subject', type = 'text') => (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {t(`audit.filters.${id}`)}
      </label>
      <input
        id={id}
        name={id}
        type={type}
        defaultValue={query[id]}
        className="w-full rounded-md border border-slate-400 px-3 py-2"
      />
    </div>
  )
  return (
    <>
      <div className="mx-auto max-w-6xl px-4 py-10">
        <h1 className="text-3xl font-bold">{t('audit.title')}</h1>
        <Form
          method="get"
          role="search"
          aria-label={t('audit.filtersLabel')}
          className="mt-6 grid grid-cols-1 items-end gap-4 rounded-md border border-slate-200 p-4 sm:grid-cols-2 lg:grid-cols-3"
        >
          {field('actor')}
          {field('action')}
          {field('subject')}
          <div>
            <label htmlFor="from" className="mb-1 block text-sm font-medium">
              {t('audit.filters.from')}
            </label>
            <input
              id="from"
              name="from"
              type="date"
              defaultValue={query.from}
              className="w-full rounded-md border border-slate-400 px-3 py-2"
            />
          </div>
          <div>
            <label htmlFor="to" className="mb-1 block text-sm font-medium">
              {t('audit.filters.to')}
            </label>
            <input
              id="to"
              name="to"
              type="date"
              defaultValue={query.to}
              className="w-full rounded-md border border-slate-400 px-3 py-2"
            />
          </div>
          <div className="flex flex-wrap items-center gap-4">
            <SubmitButton>{t('people.apply')}</SubmitButton>
            <Link to={`/${lang}/admin/audit`} className="text-brand-700 underline">
              {t('people.clear')}
            </Link>
          </div>
        </Form>
        <p className="mt-6 text-sm text-slate-700" aria-live="polite">
          {t('audit.count', { count: total, total: new Intl.NumberFormat(locale).format(total) })}
        </p>
        <div className="mt-4 overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm">
            <caption className="sr-only">{t('audit.title')}</caption>
            <ColumnHeads
              cellClassName="py-2 pr-3"
              columns={[
                t('audit.when'),
                t('audit.who'),
                t('audit.what'),
                t('audit.subject'),
                { label: t('audit.details'), className: 'py-2' },
              ]}
            />
            <tbody>
              {events.map((e) => (
                <tr key={e.id} className="border-b border-slate-200 align-top">
                  <td className="py-2 pr-3 whitespace-nowrap">{dateTime.format(new Date(e.createdAt))}</td>
                  <td className="py-2 pr-3">
                    {e.actor ? (
                      <Link to={`/${lang}/admin/people/${e.actor.id}`} className="text-brand-700 underline">
                        {e.actor.name}
                      </Link>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="py-2 pr-3">
                    {t(`admin:audit.actions.${e.action}`, { defaultValue: e.action })}{' '}
                    <span className="block font-mono text-xs text-slate-600">{e.action}</span>
                  </td>
                  <td className="py-2 pr-3 font-mono text-xs">
                    {e.personId ? (
                      <Link to={`/${lang}/admin/people/${e.personId}`} className="text-brand-700 underline">
                        {e.subject}
                      </Link>
                    ) : (
                      e.subject
                    )}
                  </td>
                  <td className="py-2 font-mono text-xs break-all">{e.data}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {events.length === 0 ? <p className="mt-4">{t('audit.none')}</p> : null}
        </div>
        <Pager page={query.page} pages={pages} label={t('admin:users.pagination')} className="mt-6" />
      </div>
    </>
  )
}
