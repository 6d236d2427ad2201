// The people table as CSV: the same filters as the page, every matching row (up to
// MAX_CSV_ROWS), headers in the page's language, UTF-8 with a byte-order mark.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { requireRole } from '#app/accounts/auth.server.ts'
import { countryName } from '#app/accounts/countries.ts'
import { parsePeopleQuery, peopleForExport } from '#app/accounts/people.server.ts'
import { getCourse } from '#app/content/catalog.server.ts'
import { csvResponse, csvSeparatorOf, MAX_CSV_ROWS, toCsv } from '#app/utils/csv.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { langParam } from '#app/utils/lang.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  await requireRole(request, 'admin')
  const url = new URL(request.url)
  const query = parsePeopleQuery(url)
  const separator = csvSeparatorOf(url)
  const people = await peopleForExport(query, MAX_CSV_ROWS)
  const t = getT(lang, ['reports', 'common'])
  const body = toCsv(
    ['name', 'email', 'countryCode', 'country', 'organisation', 'organisationType', 'role', 'enrolments', 'joined'].map(
      (h) => t(`reports:people.csv.${h}`),
    ),
    people.map((p) => [
      p.displayName,
      p.email,
      p.country,
      countryName(p.country, lang),
      p.organisation,
      t(`common:organisationTypes.${p.organisationType}`),
      t(`reports:people.roleNames.${p.role}`),
      p._count.enrolments,
      p.createdAt.toISOString().slice(0, 10),
    ]),
    separator,
  )
  const course = query.course && getCourse(query.course) ? `-${query.course}` : ''
  return csvResponse(`aula-people${course}-${new Date().toISOString().slice(0, 10)}.csv`, body, separator)
}
