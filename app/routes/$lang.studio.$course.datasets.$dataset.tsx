// One dataset in the Studio (ADR 034 §3e): its metadata as a form (texts in both languages, source,
// each column's name, labels, type, unit and whether it may be empty), its data as CSV text or an
// uploaded .csv file, and a preview of its first rows as learners' tables show them. A save is
// checked with the loader's dataset checks and stored as drafts of datasets/<id>.yaml and .csv.
import { invariantResponse } from '@epic-web/invariant'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireRole } from '#app/accounts/auth.server.ts'
import { FormError, SubmitButton, fieldErrorsOf } from '#app/components/forms.tsx'
import { isSlugParam } from '#app/content/access.server.ts'
import { DATASET_COLUMN_TYPES } from '#app/content/schema.ts'
import { useLang } from '#app/root.tsx'
import { DATASET_ERRORS, EditDatasetSchema, readDataset, saveDataset } from '#app/studio/dataset-editor.server.ts'
import { CsvFields, DatasetTextFields } from '#app/studio/dataset-form.tsx'
import { DatasetProblems, RefusalDetails, type RefusalShown } from '#app/studio/file-editor-ui.tsx'
import { refusalDetails } from '#app/studio/file-editors.server.ts'
import { studioCourseSource } from '#app/studio/studio.server.ts'
import { requireTaughtCourse } from '#app/teaching/teach.server.ts'
import { domainError } from '#app/utils/domain-errors.server.ts'
import { invalid, parseSubmission, refuse } from '#app/utils/form.server.ts'
import { formattingLocale } from '#app/utils/i18n.ts'
import { langParam } from '#app/utils/lang.server.ts'
import { MAX_STUDIO_CSV_BYTES, MAX_STUDIO_CSV_ROWS } from '#app/utils/limits.ts'
import { pageMeta } from '#app/utils/meta.ts'
import { toastHeader } from '#app/utils/toast.server.ts'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'studio:datasets.heading')

/** The rows the preview shows. */
const PREVIEW_ROWS = 10

async function requireStudioDataset(request: Request, params: LoaderFunctionArgs['params']) {
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  const dataset = isSlugParam(params.dataset) ? await readDataset(course.id, params.dataset!) : null
  invariantResponse(dataset, 'Not found', { status: 404 })
  return { user, course, dataset }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params)
  const { user, course, dataset } = await requireStudioDataset(request, params)
  const { meta } = dataset
  return {
    locale: formattingLocale(lang, user.country),
    course: { id: course.id, title: course.title[lang] },
    id: dataset.id,
    title: meta.title[lang],
    revisions: dataset.revisions,
    draft: dataset.draft,
    updatedAt: dataset.updatedAt?.toISOString() ?? null,
    updatedBy: dataset.updatedBy,
    values: {
      titleEn: meta.title.en,
      titleEs: meta.title.es,
      descriptionEn: meta.description.en,
      descriptionEs: meta.description.es,
      sourceEn: meta.source?.en ?? '',
      sourceEs: meta.source?.es ?? '',
      licenceEn: meta.licence?.en ?? '',
      licenceEs: meta.licence?.es ?? '',
      url: meta.url ?? '',
      fictitious: meta.fictitious ? 'on' : '',
      csv: dataset.csvText,
    },
    columns: meta.columns.map((c) => ({
      name: c.name,
      labelEn: c.label.en,
      labelEs: c.label.es,
      type: c.type,
      unitEn: c.unit?.en ?? '',
      unitEs: c.unit?.es ?? '',
      required: c.required,
      categories: c.categories ? Object.keys(c.categories) : [],
    })),
    preview: dataset.dataset
      ? {
          headers: dataset.dataset.columns.map((c) => (c.unit ? `${c.label[lang]} (${c.unit[lang]})` : c.label[lang])),
          numeric: dataset.dataset.columns.map((c) => c.type === 'integer' || c.type === 'number'),
          rows: dataset.dataset.rows.slice(0, PREVIEW_ROWS),
          total: dataset.dataset.rows.length,
        }
      : null,
    problems: dataset.problems,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = langParam(params)
  const { user, course, dataset } = await requireStudioDataset(request, params)
  const submission = await parseSubmission(request, EditDatasetSchema)
  if (submission.status !== 'success') return invalid(submission, { hideFields: ['csvFile'] })
  const value = submission.value
  const result = await saveDataset({
    source: await studioCourseSource(course.id),
    lang,
    id: dataset.id,
    values: value,
    create: false,
    revisions: { yaml: value.yamlRevision, csv: value.csvRevision },
    userId: user.id,
  })
  if (!result.ok)
    return refuse(submission, domainError(DATASET_ERRORS, result.error), {
      field: result.error === 'too-large' ? 'csv' : undefined,
      hideFields: ['csvFile'],
      details: {
        ...refusalDetails(result, lang, user.country),
        problems: result.error === 'problems' ? result.problems : [],
      },
    })
  throw redirect(`/${lang}/studio/${course.id}/datasets/${dataset.id}`, {
    headers: { 'Set-Cookie': await toastHeader({ kind: 'success', key: 'studio:datasets.saved' }) },
  })
}

export default function StudioDatasetPage() {
  const data = useLoaderData<typeof loader>()
  const { course, id, title, revisions, draft, updatedAt, updatedBy, values, columns, preview, locale } = data
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation('studio')
  const lang = useLang()
  const reply = actionData?.result
  const sent = reply?.initialValue as Record<string, string | string[]> | undefined
  const details = (actionData && 'details' in actionData ? actionData.details : undefined) as RefusalShown | undefined
  const stamp = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' })
  const number = new Intl.NumberFormat(locale)
  // After a refusal the form shows what was sent (the columns as sent, one more empty row to add one).
  const sentList = (name: string) => {
    const v = sent?.[name]
    return v === undefined ? undefined : Array.isArray(v) ? v : [v]
  }
  const rows = sent
    ? (sentList('columnName') ?? []).map((name, i) => ({
        name,
        labelEn: sentList('columnLabelEn')?.[i] ?? '',
        labelEs: sentList('columnLabelEs')?.[i] ?? '',
        type: sentList('columnType')?.[i] ?? 'text',
        unitEn: sentList('columnUnitEn')?.[i] ?? '',
        unitEs: sentList('columnUnitEs')?.[i] ?? '',
        required: sentList('columnRequired')?.[i] !== 'no',
        categories: columns.find((c) => c.name === name)?.categories ?? [],
      }))
    : columns
  const columnErrors = fieldErrorsOf(
    reply && {
      ...reply,
      error: Object.fromEntries(Object.entries(reply.error ?? {}).filter(([name]) => name.startsWith('column'))),
    },
  )
  return (
    <div className="mx-auto max-w-7xl px-4 py-10">
      <p>
        <Link to={`/${lang}/studio/${course.id}/datasets`} className="text-brand-700 underline">
          {t('datasets.back', { course: course.title })}
        </Link>
      </p>
      <h1 className="mt-4 text-3xl font-bold">{t('datasets.editTitle', { dataset: title })}</h1>
      <p className="mt-1 font-mono text-sm">{id}</p>
      <p className="mt-2 font-medium" role="status">
        {draft && updatedAt
          ? t('files.draftSaved', {
              name: updatedBy ?? t('errors.someone'),
              date: `${stamp.format(new Date(updatedAt))} UTC`,
            })
          : t('files.published')}
      </p>
      <DatasetProblems problems={data.problems} />
      <Form method="post" encType="multipart/form-data" className="mt-6 space-y-6">
        <input type="hidden" name="intent" value="save-dataset" />
        <input type="hidden" name="yamlRevision" value={revisions.yaml} />
        <input type="hidden" name="csvRevision" value={revisions.csv} />
        <FormError errors={reply?.error?.[''] ?? null} />
        <RefusalDetails details={details} />
        <DatasetProblems problems={details?.problems} />
        <div className="grid gap-6 md:grid-cols-2">
          <DatasetTextFields prefix="dataset" values={sent ? (sent as Record<string, string>) : values} reply={reply} />
        </div>
        <fieldset>
          <legend className="font-semibold">{t('datasets.columns')}</legend>
          <p className="text-sm text-slate-600">{t('datasets.columnsHint')}</p>
          {columnErrors ? (
            <ul role="alert" className="mt-2 text-sm text-red-700">
              {columnErrors.map((e) => (
                <li key={e}>{t(e, { ns: ['studio', 'validation'] })}</li>
              ))}
            </ul>
          ) : null}
          <table className="mt-2 w-full border-collapse text-left text-sm">
            <thead>
              <tr>
                <th scope="col">{t('datasets.column.name')}</th>
                <th scope="col">{t('datasets.column.labelEn')}</th>
                <th scope="col">{t('datasets.column.labelEs')}</th>
                <th scope="col">{t('datasets.column.type')}</th>
                <th scope="col">{t('datasets.column.unitEn')}</th>
                <th scope="col">{t('datasets.column.unitEs')}</th>
                <th scope="col">{t('datasets.column.required')}</th>
              </tr>
            </thead>
            <tbody>
              {[...rows, null].map((c, i) => {
                const n = i + 1
                const cellInput = (name: string, value: string, label: string, lang?: string) => (
                  <td className="py-1 pr-2">
                    <input
                      name={name}
                      defaultValue={value}
                      aria-label={t(label, { number: n })}
                      lang={lang}
                      className="w-full rounded border border-slate-400 px-2 py-1"
                    />
                  </td>
                )
                return (
                  <tr key={c?.name ?? `new-${i}`} className="border-b border-slate-200 align-top">
                    {cellInput('columnName', c?.name ?? '', 'datasets.column.nameOf')}
                    {cellInput('columnLabelEn', c?.labelEn ?? '', 'datasets.column.labelEnOf', 'en')}
                    {cellInput('columnLabelEs', c?.labelEs ?? '', 'datasets.column.labelEsOf', 'es')}
                    <td className="py-1 pr-2">
                      <select
                        name="columnType"
                        defaultValue={c?.type ?? 'text'}
                        aria-label={t('datasets.column.typeOf', { number: n })}
                        className="rounded border border-slate-400 px-2 py-1"
                      >
                        {DATASET_COLUMN_TYPES.map((type) => (
                          <option key={type} value={type}>
                            {t(`datasets.types.${type}`)}
                          </option>
                        ))}
                      </select>
                      {c?.categories.length ? (
                        <span className="mt-1 block text-xs text-slate-600">
                          {t('datasets.column.categories', { codes: c.categories.join(', ') })}
                        </span>
                      ) : null}
                    </td>
                    {cellInput('columnUnitEn', c?.unitEn ?? '', 'datasets.column.unitEnOf', 'en')}
                    {cellInput('columnUnitEs', c?.unitEs ?? '', 'datasets.column.unitEsOf', 'es')}
                    <td className="py-1">
                      <select
                        name="columnRequired"
                        defaultValue={c && !c.required ? 'no' : 'yes'}
                        aria-label={t('datasets.column.requiredOf', { number: n })}
                        className="rounded border border-slate-400 px-2 py-1"
                      >
                        <option value="yes">{t('datasets.column.requiredYes')}</option>
                        <option value="no">{t('datasets.column.requiredNo')}</option>
                      </select>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </fieldset>
        <CsvFields
          prefix="dataset"
          csv={typeof sent?.csv === 'string' ? sent.csv : values.csv}
          reply={reply}
          maxKb={MAX_STUDIO_CSV_BYTES / 1024}
          maxRows={MAX_STUDIO_CSV_ROWS}
        />
        <SubmitButton>{t('datasets.save')}</SubmitButton>
      </Form>
      {preview ? (
        <section aria-labelledby="dataset-preview" className="mt-10">
          <h2 id="dataset-preview" className="text-xl font-semibold">
            {t('datasets.preview', {
              shown: Math.min(PREVIEW_ROWS, preview.total),
              total: number.format(preview.total),
            })}
          </h2>
          <div className="mt-2 overflow-x-auto">
            <table className="w-full border-collapse text-left text-sm" data-testid="dataset-preview">
              <thead>
                <tr>
                  {preview.headers.map((h) => (
                    <th key={h} scope="col" className="border-b border-slate-400 py-1 pr-3">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row, i) => (
                  <tr key={i} className="border-b border-slate-200">
                    {row.map((v, j) => (
                      <td key={j} className="py-1 pr-3">
                        {v === null ? '' : typeof v === 'number' && preview.numeric[j] ? number.format(v) : v}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  )
}
