// A course's dataset as a download: /{lang}/courses/{course}/datasets/{id}.csv (?sep=semicolon
// for Excel in Spanish) or {id}.xlsx, headers in the address's language (ADR 031). Whoever may
// read the course's lessons may download its data; an unknown dataset is a 404 in that language.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { getUser } from '#app/accounts/auth.server.ts'
import { lessonAccess, requireVisibleCourse } from '#app/content/access.server.ts'
import { datasetCsv, datasetXlsx } from '#app/content/dataset-files.server.ts'
import { findEnrolment } from '#app/progress/progress.server.ts'
import { csvResponse, csvSeparatorOf } from '#app/utils/csv.server.ts'
import { getT } from '#app/utils/i18n.server.ts'
import { langParam } from '#app/utils/lang.server.ts'

const FILE = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.(csv|xlsx)$/

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const t = getT(lang, 'lesson')
  const refuse = (status: 403 | 404, key: string) =>
    new Response(
      `<!doctype html><html lang="${lang}"><meta charset="utf-8"><title>${status}</title><p>${t(key)}</p></html>`,
      {
        status,
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'private, no-store' },
      },
    )
  const user = await getUser(request)
  let course
  try {
    course = requireVisibleCourse(user, params.course)
  } catch {
    return refuse(404, 'dataset.notFound')
  }
  const match = FILE.exec(params.file ?? '')
  const dataset = match ? course.datasets[match[1]!] : undefined
  if (!match || !dataset) return refuse(404, 'dataset.notFound')
  const enrolment = user ? await findEnrolment(user.id, course.id) : null
  if (lessonAccess(user, course, enrolment) === 'locked') return refuse(403, 'dataset.locked')
  const name = `${course.id}-${dataset.id}-${lang}`
  if (match[2] === 'csv') {
    const separator = csvSeparatorOf(new URL(request.url))
    return csvResponse(`${name}.csv`, datasetCsv(dataset, lang, separator), separator)
  }
  return new Response(await datasetXlsx(dataset, lang), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${name}.xlsx"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
