// Reports: enrolments, completions and certificates by course, country, organisation type or
// month, for a period, optionally with small cells suppressed; an SVG chart, the same numbers in
// a table, and a CSV download of exactly what is shown. One query per report.
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

import { requireRole } from '#app/accounts/auth.server.ts'
import { BarChart } from '#app/components/bar-chart.tsx'
import { CsvDownloads } from '#app/components/csv-downloads.tsx'
import { SubmitButton } from '#app/components/forms.tsx'
import { getManifest } from '#app/content/catalog.server.ts'
import { MEASURES, REPORT_DIMENSIONS, SUPPRESS_BELOW } from '#app/reports/dimensions.ts'
import { reportLabels } from '#app/reports/labels.server.ts'
import { buildReport, parseReportQuery } from '#app/reports/reports.server.ts'
import { useLang } from '#app/root.tsx'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'reports:reports.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const url = new URL(request.url)
  const query = parseReportQuery(url)
  const locale = formattingLocale(lang, admin.country)
  const report = await buildReport(query, lang, reportLabels(lang, locale))
  return {
    query,
    locale,
    search: url.search,
    ...report,
    courses: getManifest().courses.map((c) => ({ id: c.id, title: c.title[lang] })),
  }
}

const SERIES = [
  { key: 'enrolments', className: 'fill-brand-700' },
  { key: 'completions', className: 'fill-emerald-700' },
  { key: 'certificates', className: 'fill-amber-700' },
] as const

export default function ReportsPage() {
  const { query, rows, totals, courses, locale, search } = useLoaderData<typeof loader>()
  const { t } = useTranslation(['reports', 'common'])
  const lang = useLang()
  const number = new Intl.NumberFormat(locale)
  const show = (v: number | string) => (typeof v === 'number' ? number.format(v) : v)
  const dimension = t(`reports.by.${query.by}`)
  const csv = `/${lang}/admin/reports.csv${search}`
  return (
    <>
      <div className="mx-auto max-w-6xl px-4 py-10">
        <h1 className="text-3xl font-bold">{t('reports.title')}</h1>
        <p className="mt-2 max-w-3xl text-slate-700">{t('reports.intro')}</p>
        <Form
          method="get"
          className="mt-6 grid grid-cols-1 items-end gap-4 rounded-md border border-slate-200 p-4 sm:grid-cols-2 lg:grid-cols-3"
        >
          <div>
            <label htmlFor="by" className="mb-1 block text-sm font-medium">
              {t('reports.groupBy')}
            </label>
            <select
              id="by"
              name="by"
              defaultValue={query.by}
              className="w-full rounded-md border border-slate-400 px-3 py-2"
            >
              {REPORT_DIMENSIONS.map((d) => (
                <option key={d} value={d}>
                  {t(`reports.by.${d}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="course" className="mb-1 block text-sm font-medium">
              {t('reports.course')}
            </label>
            <select
              id="course"
              name="course"
              defaultValue={query.course}
              className="w-full rounded-md border border-slate-400 px-3 py-2"
            >
              <option value="">{t('reports.allCourses')}</option>
              {courses.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="from" className="mb-1 block text-sm font-medium">
              {t('reports.from')}
            </label>
            <input
              id="from"
              name="from"
              type="month"
              defaultValue={query.from}
              className="w-full rounded-md border border-slate-400 px-3 py-2"
            />
          </div>
          <div>
            <label htmlFor="to" className="mb-1 block text-sm font-medium">
              {t('reports.to')}
            </label>
            <input
              id="to"
              name="to"
              type="month"
              defaultValue={query.to}
              className="w-full rounded-md border border-slate-400 px-3 py-2"
            />
          </div>
          <div className="flex items-start gap-2 sm:col-span-2">
            <input
              id="suppress"
              name="suppress"
              type="checkbox"
              value="on"
              defaultChecked={query.suppress}
              className="mt-1 h-4 w-4"
              aria-describedby="suppress-help"
            />
            <div>
              <label htmlFor="suppress" className="font-medium">
                {t('reports.suppress')}
              </label>
              <p id="suppress-help" className="text-sm text-slate-700">
                {t('reports.suppressHelp', { threshold: SUPPRESS_BELOW })}
              </p>
            </div>
          </div>
          <div className="flex gap-4">
            <SubmitButton>{t('reports.show')}</SubmitButton>
          </div>
        </Form>

        <div className="mt-8 flex flex-wrap items-baseline justify-between gap-4">
          <h2 className="text-xl font-semibold">{t('reports.heading', { dimension })}</h2>
          <CsvDownloads label={t('reports.downloadCsv')} href={csv} />
        </div>
        {rows.length === 0 ? (
          <p className="mt-4">{t('reports.empty')}</p>
        ) : (
          <figure className="mt-4">
            <BarChart
              id="report-chart"
              title={t('reports.chartTitle', { dimension })}
              description={t('reports.chartDescription', { count: rows.length, dimension })}
              series={SERIES.map((s) => ({ ...s, label: t(`reports.measures.${s.key}`) }))}
              rows={rows.map((r) => ({
                label: r.label,
                values: { enrolments: r.enrolments, completions: r.completions, certificates: r.certificates },
              }))}
              format={(v) => number.format(v)}
            />
            <figcaption className="sr-only">{t('reports.chartCaption')}</figcaption>
          </figure>
        )}
        <div className="mt-6 overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm">
            <caption className="text-left font-medium">{t('reports.tableCaption', { dimension })}</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2">
                  {dimension}
                </th>
                {MEASURES.map((m) => (
                  <th key={m} scope="col" className="py-2 text-right">
                    {t(`reports.measures.${m}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} className="border-b border-slate-200">
                  <th scope="row" className="py-1 pr-2 font-normal">
                    {r.label}
                  </th>
                  {MEASURES.map((m) => (
                    <td key={m} className="py-1 text-right tabular-nums">
                      {show(r[m])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="border-t-2 border-slate-400 font-semibold">
                <th scope="row" className="py-1">
                  {t('reports.total')}
                </th>
                {MEASURES.map((m) => (
                  <td key={m} className="py-1 text-right tabular-nums">
                    {show(totals[m])}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
          {query.suppress ? <p className="mt-2 text-sm text-slate-700">{t('reports.secondaryLegend')}</p> : null}
        </div>
        <section aria-labelledby="rules-heading" className="mt-8 max-w-3xl text-sm text-slate-700">
          <h2 id="rules-heading" className="text-base font-semibold text-slate-900">
            {t('reports.rulesTitle')}
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            <li>{t('reports.rules.enrolments')}</li>
            <li>{t('reports.rules.completions')}</li>
            <li>{t('reports.rules.certificates')}</li>
            <li>{t('reports.rules.people')}</li>
          </ul>
        </section>
      </div>
    </>
  )
}
