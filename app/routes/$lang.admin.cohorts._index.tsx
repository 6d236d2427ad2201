// Administrators upload a cohort CSV to enrol a group in a course. The upload is checked whole
// first: any problem (listed by row number) means a 400 and nothing stored or imported. A clean
// file is stored and opens its dry-run preview (/admin/cohorts/{id}), where the import starts.
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'

import { requireRole } from '#app/accounts/auth.server.ts'
import { CSV_COLUMNS, MAX_CSV_ROWS, parseCohortCsv, type Problem, type RowProblems } from '#app/cohorts/csv.server.ts'
import { storeCohortUpload } from '#app/cohorts/upload.server.ts'
import { CourseSelectField } from '#app/components/course-select-field.tsx'
import { Field, FormError, pageErrorsOf, replyFor, SubmitButton, useIsPending } from '#app/components/forms.tsx'
import { PageSection, RowsTable } from '#app/components/page-section.tsx'
import { getManifest } from '#app/content/catalog.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type ActionReply, invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { MAX_NAME_LENGTH } from '#app/utils/limits.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { intent, parseForm, SlugSchema, textSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'payments:cohorts.title')

const UploadCohortSchema = z.object({
  intent: intent('upload-cohort'),
  courseId: SlugSchema,
  cohortName: textSchema(MAX_NAME_LENGTH),
  // An empty file input is no file (Conform).
  file: z.instanceof(File, { message: 'payments:cohorts.file.missing' }),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const imports = await prisma.cohortImport.findMany({
    select: {
      id: true,
      cohortName: true,
      courseId: true,
      fileName: true,
      status: true,
      totalRows: true,
      processedRows: true,
      createdAt: true,
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: 20,
  })
  const courses = getManifest().courses
  const title = new Map(courses.map((c) => [c.id, c.title[lang]]))
  return {
    locale: formattingLocale(lang, admin.country),
    columns: CSV_COLUMNS.join(','),
    maxRows: MAX_CSV_ROWS,
    courses: courses.map((c) => ({ id: c.id, title: c.title[lang] })),
    imports: imports.map((i) => ({
      ...i,
      course: title.get(i.courseId) ?? i.courseId,
      createdAt: i.createdAt.toISOString(),
    })),
  }
}

/** A refused file's problems, listed by row beside the reply (app/utils/form.server.ts, `refuse`). */
type FileProblems = { fileProblems: Problem[]; rowProblems: RowProblems[] }

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const admin = await requireRole(request, 'admin')
  const submission = await parseSubmission(request, UploadCohortSchema)
  if (submission.status !== 'success') return invalid(submission)
  const { courseId, cohortName, file } = submission.value
  const course = getManifest().courses.find((c) => c.id === courseId)
  if (!course) return refuse(submission, ['payments:errors.course', 400], { field: 'courseId' })
  const bytes = new Uint8Array(await file.arrayBuffer())
  const parsed = parseCohortCsv(bytes)
  if (!parsed.ok) {
    const details: FileProblems = { fileProblems: parsed.fileProblems, rowProblems: parsed.rowProblems }
    return refuse(submission, ['payments:cohorts.nothingImported', 400], { details })
  }
  const id = await storeCohortUpload({
    actorId: admin.id,
    courseId: course.id,
    cohortName,
    fileName: file.name.slice(0, 200) || 'cohort.csv',
    bytes,
    rows: parsed.rows,
  })
  throw redirect(`/${lang}/admin/cohorts/${id}`)
}

export default function AdminCohortsPage() {
  const { courses, imports, locale, columns, maxRows } = useLoaderData<typeof loader>()
  // (The reply's type loses `details` in the union of the action's answers: named here.)
  const actionData = useActionData<typeof action>() as (ActionReply & { details?: FileProblems }) | undefined
  const { t } = useTranslation('payments')
  const pending = useIsPending()
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
  const number = new Intl.NumberFormat(locale)
  // A header problem names the separator found (comma, semicolon, tab) in the page's language.
  const problemText = ({ key, values = {} }: Problem) =>
    t(key, values.separator ? { ...values, separator: t(`cohorts.separators.${values.separator}`) } : values)
  const [form, fields] = useForm({
    id: 'upload-cohort',
    constraint: getZodConstraint(UploadCohortSchema),
    lastResult: replyFor(actionData, 'upload-cohort'),
    onValidate: ({ formData }) => parseForm(formData, UploadCohortSchema),
    shouldRevalidate: 'onBlur',
  })
  const problems = actionData?.details
  return (
    <>
      <div className="mx-auto max-w-6xl space-y-10 px-4 py-10">
        <div>
          <h1 className="text-3xl font-bold">{t('cohorts.title')}</h1>
          <p className="mt-2 max-w-3xl text-slate-700">{t('cohorts.intro', { max: number.format(maxRows) })}</p>
          <p className="mt-2 text-sm text-slate-700">
            {t('cohorts.columns')} <code className="font-mono">{columns}</code>
          </p>
        </div>
        <PageSection id="upload" title={t('cohorts.upload')} className="max-w-xl">
          <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="mt-4 space-y-2">
            <input type="hidden" name="intent" value="upload-cohort" />
            <FormError errors={problems ? null : pageErrorsOf(actionData, [['upload-cohort']])} />
            <CourseSelectField
              field={fields.courseId}
              courses={courses}
              label={t('admin.course')}
              placeholder={t('admin.chooseCourse')}
            />
            <Field
              label={t('cohorts.name')}
              description={t('cohorts.nameHelp')}
              errors={fields.cohortName.errors}
              inputProps={getInputProps(fields.cohortName, { type: 'text' })}
            />
            <Field
              label={t('cohorts.fileLabel')}
              description={t('cohorts.fileHelp')}
              errors={fields.file.errors}
              inputProps={{ ...getInputProps(fields.file, { type: 'file' }), accept: '.csv,text/csv' }}
            />
            <SubmitButton pending={pending}>{t('cohorts.preview')}</SubmitButton>
          </Form>
        </PageSection>
        {problems ? (
          <section
            aria-labelledby="problems-heading"
            role="alert"
            className="rounded-md border border-red-300 bg-red-50 p-4 text-red-900"
          >
            <h2 id="problems-heading" className="text-xl font-semibold">
              {t('cohorts.problemsTitle')}
            </h2>
            <p className="mt-1">{t('cohorts.nothingImported')}</p>
            <ul className="mt-3 list-disc space-y-1 pl-6">
              {problems.fileProblems.map((p) => (
                <li key={p.key}>{problemText(p)}</li>
              ))}
              {problems.rowProblems.map((r) => (
                <li key={r.row}>
                  {t('cohorts.row', { row: r.row })}: {r.problems.map(problemText).join(' ')}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <PageSection id="imports" title={t('cohorts.recent')}>
          <RowsTable
            rows={imports}
            empty={t('cohorts.none')}
            columns={[t('admin.date'), t('cohorts.name'), t('admin.course'), t('cohorts.progress'), t('admin.status')]}
            rowKey={(i) => i.id}
          >
            {(i) => (
              <>
                <td className="py-2 pr-3">{date.format(new Date(i.createdAt))}</td>
                <td className="py-2 pr-3">
                  <Link to={i.id} className="text-brand-700 underline">
                    {i.cohortName}
                  </Link>{' '}
                  <span className="text-slate-600">({i.fileName})</span>
                </td>
                <td className="py-2 pr-3">{i.course}</td>
                <td className="py-2 pr-3">
                  {t('cohorts.processed', {
                    done: number.format(i.processedRows),
                    total: number.format(i.totalRows),
                  })}
                </td>
                <td className="py-2 pr-3">{t(`cohorts.statuses.${i.status}`)}</td>
              </>
            )}
          </RowsTable>
        </PageSection>
      </div>
    </>
  )
}
