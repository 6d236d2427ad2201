// The Studio's datasets of a course (ADR 034 §3e): each dataset (drafts included) with a link to its
// editor, and the form that creates one from a CSV (its columns read from the header, their types
// guessed from the cells; labels and types are then edited on the dataset's page).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '#app/accounts/auth.server.ts'
import { Field, FormError, pageErrorsOf, replyFor, SubmitButton } from '#app/components/forms.tsx'
import { BackToOutline } from '#app/studio/back-to-outline.tsx'
import { DATASET_ERRORS, NewDatasetSchema, saveDataset, studioDatasets } from '#app/studio/dataset-editor.server.ts'
import { CsvFields, DatasetTextFields, type DatasetFormValues } from '#app/studio/dataset-form.tsx'
import { DatasetProblems, RefusalDetails, type RefusalShown } from '#app/studio/file-editor-ui.tsx'
import { refusalDetails } from '#app/studio/file-editors.server.ts'
import { studioCourseSource } from '#app/studio/studio.server.ts'
import { requireTaughtCourse } from '#app/teaching/teach.server.ts'
import { domainError } from '#app/utils/domain-errors.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { MAX_STUDIO_CSV_BYTES, MAX_STUDIO_CSV_ROWS } from '#app/utils/limits.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { toastHeader } from '#app/utils/toast.server.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'studio:datasets.heading')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const [published, datasets] = await Promise.all([studioCourseSource(course.id), studioDatasets(course.id)])
  return {
    course: { id: course.id, title: course.title[lang] },
    datasets: datasets.map((d) => ({
      id: d.id,
      title: d.title[lang],
      rows: d.rows.length,
      columns: d.columns.length,
      added: !published.datasets.has(d.id),
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const submission = await parseSubmission(request, NewDatasetSchema)
  if (submission.status !== 'success') return invalid(submission, { hideFields: ['csvFile'] })
  const value = submission.value
  const result = await saveDataset({
    source: await studioCourseSource(course.id),
    lang,
    id: value.id,
    values: value,
    create: true,
    revisions: { yaml: 0, csv: 0 },
    userId: user.id,
  })
  if (!result.ok)
    return refuse(submission, domainError(DATASET_ERRORS, result.error), {
      field: result.error === 'duplicate' ? 'id' : undefined,
      hideFields: ['csvFile'],
      details: {
        ...refusalDetails(result, lang, user.country),
        problems: result.error === 'problems' ? result.problems : [],
      },
    })
  throw redirect(`/${lang}/studio/${course.id}/datasets/${value.id}`, {
    headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'studio:datasets.created' }) },
  })
}

export default function StudioDatasetsPage() {
  const { course, datasets } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('studio')
  const reply = replyFor(actionData, 'new-dataset')
  const sent = reply?.initialValue as (DatasetFormValues & { id?: string }) | undefined
  const details = (actionData && 'details' in actionData ? actionData.details : undefined) as RefusalShown | undefined
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <BackToOutline course={course} />
      <h1 className="mt-4 text-3xl font-bold">{t('datasets.title', { course: course.title })}</h1>
      <p className="mt-2 text-slate-700">{t('datasets.intro')}</p>
      <div className="mt-4">
        <FormError errors={pageErrorsOf(actionData, [['new-dataset']])} />
      </div>
      <ul className="mt-6 space-y-2">
        {datasets.map((d) => (
          <li key={d.id}>
            <Link to={d.id} className="text-brand-700 font-medium underline">
              {d.title}
            </Link>{' '}
            <span className="font-mono text-sm">{d.id}</span>{' '}
            <span className="text-slate-700">{t('datasets.size', { rows: d.rows, columns: d.columns })}</span>
            {d.added ? <span className="ml-2 font-medium">({t('glossary.new')})</span> : null}
          </li>
        ))}
      </ul>
      <details className="mt-8 rounded-md border border-slate-300 p-4" open={Boolean(reply)}>
        <summary className="text-brand-700 cursor-pointer font-medium">{t('datasets.new')}</summary>
        <p className="mt-2 text-sm text-slate-700">{t('datasets.newHint')}</p>
        <Form method="post" encType="multipart/form-data" className="mt-3 space-y-4">
          <input type="hidden" name="intent" value="new-dataset" />
          <RefusalDetails details={details} />
          <DatasetProblems problems={details?.problems} />
          <Field
            label={t('datasets.fields.id')}
            description={t('datasets.fields.idHint')}
            errors={reply?.error?.id ?? null}
            inputProps={{ id: 'new-dataset-id', name: 'id', defaultValue: sent?.id, maxLength: 80 }}
          />
          <DatasetTextFields prefix="new-dataset" values={sent} reply={reply} />
          <CsvFields
            prefix="new-dataset"
            csv={sent?.csv}
            reply={reply}
            maxKb={MAX_STUDIO_CSV_BYTES / 1024}
            maxRows={MAX_STUDIO_CSV_ROWS}
          />
          <SubmitButton>{t('datasets.create')}</SubmitButton>
        </Form>
      </details>
    </div>
  )
}
