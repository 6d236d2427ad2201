// People: every account, searched and filtered on the server (country, organisation type,
// course, role, enrolment status), 25 a page, and the same selection as CSV. Two queries a page.
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { requireRole } from '#app/accounts/auth.server.ts'
import { countryName, countryOptions } from '#app/accounts/countries.ts'
import { parsePeopleQuery, peoplePage } from '#app/accounts/people.server.ts'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { CsvDownloads } from '#app/components/csv-downloads.tsx'
import { SubmitButton } from '#app/components/forms.tsx'
import { Pager } from '#app/components/pager.tsx'
import { getManifest } from '#app/content/catalog.server.ts'
import { useLang } from '#app/root.tsx'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { ENROLMENT_STATUSES, ORGANISATION_TYPES, ROLES } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'reports:people.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const url = new URL(request.url)
  const query = parsePeopleQuery(url)
  const { total, pages, people } = await peoplePage(query)
  return {
    query,
    total,
    pages,
    search: url.search,
    locale: formattingLocale(lang, admin.country),
    countries: countryOptions(lang),
    courses: getManifest().courses.map((c) => ({ id: c.id, title: c.title[lang] })),
    people: people.map((p) => ({
      id: p.id,
      displayName: p.displayName,
      email: p.email,
      country: countryName(p.country, lang),
      organisation: p.organisation,
      organisationType: p.organisationType,
      role: p.role,
      enrolments: p._count.enrolments,
      createdAt: p.createdAt.toISOString(),
    })),
  }
}

function FilterSelect({
  id,
  label,
  value,
  options,
  any,
}: {
  id: string
  label: string
  value: string
  options: Array<{ value: string; label: string }>
  any: string
}) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <select id={id} name={id} defaultValue={value} className="w-full rounded-md border border-slate-400 px-3 py-2">
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

export default function PeoplePage() {
  const { query, total, pages, people, countries, courses, locale, search } = useLoaderData<typeof loader>()
  const { t } = useTranslation(['reports', 'admin', 'common'])
  const lang = useLang()
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
  const number = new Intl.NumberFormat(locale)
  return (
    <>
      <div className="mx-auto max-w-6xl px-4 py-10">
        <h1 className="text-3xl font-bold">{t('people.title')}</h1>
        <Form
          method="get"
          role="search"
          aria-label={t('people.filters')}
          className="mt-6 grid grid-cols-1 items-end gap-4 rounded-md border border-slate-200 p-4 sm:grid-cols-2 lg:grid-cols-3"
        >
          <div>
            <label htmlFor="q" className="mb-1 block text-sm font-medium">
              {t('people.search')}
            </label>
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={query.q}
              placeholder={t('admin:users.searchPlaceholder')}
              className="w-full rounded-md border border-slate-400 px-3 py-2"
            />
          </div>
          <FilterSelect
            id="country"
            label={t('people.country')}
            value={query.country}
            any={t('people.any')}
            options={countries.map((c) => ({ value: c.code, label: c.name }))}
          />
          <FilterSelect
            id="organisationType"
            label={t('people.organisationType')}
            value={query.organisationType}
            any={t('people.any')}
            options={ORGANISATION_TYPES.map((o) => ({ value: o, label: t(`common:organisationTypes.${o}`) }))}
          />
          <FilterSelect
            id="course"
            label={t('people.course')}
            value={query.course}
            any={t('people.any')}
            options={courses.map((c) => ({ value: c.id, label: c.title }))}
          />
          <FilterSelect
            id="status"
            label={t('people.status')}
            value={query.status}
            any={t('people.any')}
            options={ENROLMENT_STATUSES.map((s) => ({ value: s, label: t(`people.statuses.${s}`) }))}
          />
          <FilterSelect
            id="role"
            label={t('people.role')}
            value={query.role}
            any={t('people.any')}
            options={ROLES.map((r) => ({ value: r, label: t(`people.roleNames.${r}`) }))}
          />
          <div className="flex flex-wrap items-center gap-4">
            <SubmitButton>{t('people.apply')}</SubmitButton>
            <Link to={`/${lang}/admin/people`} className="text-brand-700 underline">
              {t('people.clear')}
            </Link>
          </div>
        </Form>
        <div className="mt-6 flex flex-wrap items-baseline justify-between gap-4">
          <p className="text-sm text-slate-700" aria-live="polite">
            {t('people.count', { count: total, total: number.format(total) })}
          </p>
          <CsvDownloads label={t('people.downloadCsv')} href={`/${lang}/admin/people.csv${search}`} />
        </div>
        <div className="mt-4 overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm">
            <caption className="sr-only">{t('people.title')}</caption>
            <ColumnHeads
              cellClassName="py-2 pr-2"
              columns={[
                t('people.name'),
                t('people.email'),
                t('people.country'),
                t('people.organisation'),
                t('people.role'),
                { label: t('people.enrolments'), className: 'py-2 pr-2 text-right' },
                { label: t('people.joined'), className: 'py-2' },
              ]}
            />
            <tbody>
              {people.map((p) => (
                <tr key={p.id} className="border-b border-slate-200 align-top">
                  <td className="py-2 pr-2">
                    <Link to={`/${lang}/admin/people/${p.id}`} className="text-brand-700 font-medium underline">
                      {p.displayName}
                    </Link>
                  </td>
                  <td className="py-2 pr-2">{p.email}</td>
                  <td className="py-2 pr-2">{p.country}</td>
                  <td className="py-2 pr-2">
                    {p.organisation}
                    <br />
                    <span className="text-slate-600">{t(`common:organisationTypes.${p.organisationType}`)}</span>
                  </td>
                  <td className="py-2 pr-2">{t(`people.roleNames.${p.role}`)}</td>
                  <td className="py-2 pr-2 text-right tabular-nums">{number.format(p.enrolments)}</td>
                  <td className="py-2">{date.format(new Date(p.createdAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {people.length === 0 ? <p className="mt-4">{t('people.none')}</p> : null}
        </div>
        <Pager page={query.page} pages={pages} label={t('admin:users.pagination')} className="mt-6" />
      </div>
    </>
  )
}
