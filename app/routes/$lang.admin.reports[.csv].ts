// The report as CSV: the same query and numbers as the page (suppression included), headers in
// the page's language, UTF-8 with a byte-order mark (app/utils/csv.server.ts).
import { type LoaderFunctionArgs } from '@remix-run/node'
import { requireRole } from '#app/accounts/auth.server.ts'
import { reportLabels } from '#app/reports/labels.server.ts'
import { buildReport, MEASURES, parseReportQuery } from '#app/reports/reports.server.ts'
import { csvResponse, csvSeparatorOf, toCsv } from '#app/utils/csv.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const url = new URL(request.url)
  const query = parseReportQuery(url)
  const separator = csvSeparatorOf(url)
  const t = getT(lang, 'reports')
  const { rows, totals } = await buildReport(query, lang, reportLabels(lang, formattingLocale(lang, admin.country)))
  const body = toCsv(
    [t(`reports.by.${query.by}`), ...MEASURES.map((m) => t(`reports.measures.${m}`))],
    [
      ...rows.map((r) => [r.label, ...MEASURES.map((m) => r[m])]),
      [t('reports.total'), ...MEASURES.map((m) => totals[m])],
    ],
    separator,
  )
  return csvResponse(
    `aula-${query.by}-${query.from}-${query.to}${query.suppress ? '-suppressed' : ''}.csv`,
    body,
    separator,
  )
}
