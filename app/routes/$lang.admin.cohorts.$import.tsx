// One cohort upload: its dry-run preview (who gets an account, who is enrolled already), the
// button that imports it, and its progress while it runs (the page refreshes itself). Starting
// again a job that stopped half-way resumes it without doing any row twice.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { requireRole } from '#app/accounts/auth.server.ts'
import { countryName } from '#app/accounts/countries.ts'
import { startCohortImport } from '#app/cohorts/run.server.ts'
import { previewCohortImport } from '#app/cohorts/upload.server.ts'
import { ColumnHeads } from '#app/components/column-heads.tsx'
import { FormError, pageErrorsOf, SubmitButton, useIsPending } from '#app/components/forms.tsx'
import { NameAndEmail, PageSection } from '#app/components/page-section.tsx'
import { getCourse } from '#app/content/catalog.server.ts'
import { invalid, parseSubmission } from '#app/utils/form.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { ID_PATTERN, intent } from '#app/utils/validation.ts'

/** The page's title follows the import: a preview until it is started, then the import itself. */
function titleKey(status: string): string {
  return status === 'previewed' ? 'cohorts.previewTitle' : 'cohorts.importTitle'
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(matches, `payments:${titleKey(data?.job.status ?? 'previewed')}`)

/** Rows listed on the page; the counts cover all of them. */
const SHOWN_ROWS = 500

function importId(params: Record<string, string | undefined>): string {
  const id = params.import
  if (!id || !ID_PATTERN.test(id)) throw new Response('Not found', { status: 404 })
  return id
}

/** Start (or resume) the import: the button's form has only its intent. */
const ImportCohortSchema = z.object({ intent: intent('import-cohort') })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const preview = await previewCohortImport(importId(params))
  if (!preview) throw new Response('Not found', { status: 404 })
  const { job, rows, counts, importedBefore } = preview
  return {
    locale: formattingLocale(lang, admin.country),
    job: {
      ...job,
      createdAt: job.createdAt.toISOString(),
      course: getCourse(job.courseId)?.title[lang] ?? job.courseId,
    },
    counts,
    importedBefore: importedBefore?.toISOString() ?? null,
    rows: rows.slice(0, SHOWN_ROWS).map((r) => ({ ...r, country: countryName(r.country, lang), invitedAt: null })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const id = importId(params)
  const submission = await parseSubmission(request, ImportCohortSchema)
  if (submission.status !== 'success') return invalid(submission)
  // The import runs as a job (ADR 012); the page shows its progress, refreshing itself.
  const found = await startCohortImport({ actorId: admin.id, importId: id })
  if (!found) throw new Response('Not found', { status: 404 })
  throw redirect(`/${lang}/admin/cohorts/${id}`)
}

export default function CohortImportPage() {
  const { job, counts, rows, importedBefore, locale } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('payments')
  const { t: tc } = useTranslation('common')
  const pending = useIsPending()
  const revalidator = useRevalidator()
  const number = new Intl.NumberFormat(locale)
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
  useEffect(() => {
    if (job.status !== 'running' || revalidator.state !== 'idle') return
    const timer = setTimeout(() => revalidator.revalidate(), 1000)
    return () => clearTimeout(timer)
  }, [job.status, revalidator])
  const percent = job.totalRows ? Math.round((job.processedRows / job.totalRows) * 100) : 0
  return (
    <>
      <div className="mx-auto max-w-6xl space-y-8 px-4 py-10">
        <nav aria-label={t('cohorts.breadcrumb')} className="text-sm">
          <Link to=".." relative="path" className="text-brand-700 underline">
            {t('cohorts.title')}
          </Link>
        </nav>
        <div>
          <h1 className="text-3xl font-bold">{t(titleKey(job.status))}</h1>
          <p className="mt-2 text-slate-700">
            {t('cohorts.summary', {
              name: job.cohortName,
              course: job.course,
              file: job.fileName,
              rows: job.totalRows,
            })}
          </p>
        </div>
        <FormError errors={pageErrorsOf(actionData, [])} />
        {importedBefore ? (
          <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
            {t('cohorts.importedBefore', { date: date.format(new Date(importedBefore)) })}
          </p>
        ) : null}
        <PageSection id="status" title={t(`cohorts.statuses.${job.status}`)}>
          {job.status === 'previewed' ? (
            <>
              <ul className="mt-3 list-disc space-y-1 pl-6">
                <li>{t('cohorts.willCreate', { count: counts.create })}</li>
                <li>{t('cohorts.willEnrolExisting', { count: counts.existing })}</li>
                <li>{t('cohorts.alreadyEnrolled', { count: counts.alreadyEnrolled })}</li>
              </ul>
              <Form method="post" className="mt-4">
                <input type="hidden" name="intent" value="import-cohort" />
                <SubmitButton pending={pending}>{t('cohorts.import', { count: job.totalRows })}</SubmitButton>
              </Form>
            </>
          ) : (
            <div className="mt-3 space-y-2">
              <label htmlFor="import-progress" className="block">
                {t('cohorts.processed', {
                  done: number.format(job.processedRows),
                  total: number.format(job.totalRows),
                })}
              </label>
              <progress id="import-progress" max={100} value={percent} className="w-full max-w-md">
                {percent} %
              </progress>
              <p>{t('cohorts.invited', { count: counts.invited })}</p>
              {job.status === 'running' ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="import-cohort" />
                  <p className="text-sm text-slate-700">{t('cohorts.resumeHelp')}</p>
                  <SubmitButton variant="secondary" pending={pending}>
                    {t('cohorts.resume')}
                  </SubmitButton>
                </Form>
              ) : null}
            </div>
          )}
        </PageSection>
        <PageSection id="rows" title={t('cohorts.rows')}>
          <table className="mt-4 w-full border-collapse text-left text-sm">
            <ColumnHeads
              columns={[
                t('cohorts.rowNumber'),
                t('admin.learner'),
                t('cohorts.certificateName'),
                t('cohorts.country'),
                t('cohorts.organisation'),
                t('cohorts.outcome'),
              ]}
            />
            <tbody>
              {rows.map((r) => (
                <tr key={r.rowNumber} className="border-b border-slate-200">
                  <td className="py-2 pr-3">{r.rowNumber}</td>
                  <td className="py-2 pr-3">
                    <NameAndEmail name={r.displayName} email={r.email} />
                  </td>
                  <td className="py-2 pr-3">{r.certificateName}</td>
                  <td className="py-2 pr-3">{r.country}</td>
                  <td className="py-2 pr-3">
                    {r.organisation}
                    <br />
                    <span className="text-slate-600">{tc(`organisationTypes.${r.organisationType}`)}</span>
                  </td>
                  <td className="py-2 pr-3">
                    {job.status === 'previewed' ? t(`cohorts.plans.${r.plan}`) : t(`cohorts.outcomes.${r.outcome}`)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </PageSection>
      </div>
    </>
  )
}
