// The fields of the Studio's dataset forms (ADR 034 §3e), shared by "new dataset" and "edit dataset":
// the dataset's texts in both languages, where its numbers come from, and its data as CSV text or a
// .csv file. Labels, hints and errors are tied to their fields for assistive technology.
import { type SubmissionResult } from '@conform-to/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Field } from '#app/components/forms.tsx'

export type DatasetFormValues = Partial<
  Record<
    | 'titleEn'
    | 'titleEs'
    | 'descriptionEn'
    | 'descriptionEs'
    | 'sourceEn'
    | 'sourceEs'
    | 'licenceEn'
    | 'licenceEs'
    | 'url'
    | 'csv'
    | 'fictitious',
    string
  >
>

export function TextArea({
  id,
  name,
  label,
  description,
  defaultValue,
  errors,
  rows = 3,
  lang,
  mono,
}: {
  id: string
  name: string
  label: string
  description?: string
  defaultValue?: string
  errors: string[] | null
  rows?: number
  lang?: string
  mono?: boolean
}) {
  const errorId = errors?.length ? `${id}-error` : undefined
  const descriptionId = description ? `${id}-description` : undefined
  return (
    <div lang={lang}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
      </label>
      {description ? (
        <p id={descriptionId} className="mb-1 text-sm text-slate-600">
          {description}
        </p>
      ) : null}
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[descriptionId, errorId].filter(Boolean).join(' ') || undefined}
        className={`block w-full rounded-md border border-slate-400 px-3 py-2 ${mono ? 'font-mono text-sm' : ''}`}
      />
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

/** Title, description, source and licence in both languages, the address and "invented numbers". */
export function DatasetTextFields({
  prefix,
  values,
  reply,
}: {
  prefix: string
  values?: DatasetFormValues
  reply?: SubmissionResult<string[]>
}) {
  const { t } = useTranslation('studio')
  const errors = (name: string) => reply?.error?.[name] ?? null
  return (
    <>
      {(['En', 'Es'] as const).map((suffix) => (
        <fieldset key={suffix} lang={suffix === 'En' ? 'en' : 'es'} className="space-y-2">
          <legend className="font-semibold">{t(`datasets.in${suffix}`)}</legend>
          <Field
            label={t('datasets.fields.title')}
            errors={errors(`title${suffix}`)}
            inputProps={{
              id: `${prefix}-title${suffix}`,
              name: `title${suffix}`,
              defaultValue: values?.[`title${suffix}`],
            }}
          />
          <TextArea
            id={`${prefix}-description${suffix}`}
            name={`description${suffix}`}
            label={t('datasets.fields.description')}
            defaultValue={values?.[`description${suffix}`]}
            errors={errors(`description${suffix}`)}
          />
          <Field
            label={t('datasets.fields.source')}
            errors={errors(`source${suffix}`)}
            inputProps={{
              id: `${prefix}-source${suffix}`,
              name: `source${suffix}`,
              defaultValue: values?.[`source${suffix}`],
            }}
          />
          <Field
            label={t('datasets.fields.licence')}
            errors={errors(`licence${suffix}`)}
            inputProps={{
              id: `${prefix}-licence${suffix}`,
              name: `licence${suffix}`,
              defaultValue: values?.[`licence${suffix}`],
            }}
          />
        </fieldset>
      ))}
      <Field
        label={t('datasets.fields.url')}
        description={t('datasets.fields.urlHint')}
        errors={errors('url')}
        inputProps={{ id: `${prefix}-url`, name: 'url', type: 'url', defaultValue: values?.url }}
      />
      <div>
        <label className="inline-flex items-center gap-2">
          <input type="checkbox" name="fictitious" value="on" defaultChecked={values?.fictitious === 'on'} />
          {t('datasets.fields.fictitious')}
        </label>
        <ErrorList errors={errors('fictitious')} />
      </div>
    </>
  )
}

/** The data: CSV text, or a .csv file that replaces it. */
export function CsvFields({
  prefix,
  csv,
  reply,
  maxKb,
  maxRows,
}: {
  prefix: string
  csv?: string
  reply?: SubmissionResult<string[]>
  maxKb: number
  maxRows: number
}) {
  const { t } = useTranslation('studio')
  const errors = (name: string) => reply?.error?.[name] ?? null
  const fileErrors = errors('csvFile')
  return (
    <fieldset className="space-y-2">
      <legend className="font-semibold">{t('datasets.data')}</legend>
      <TextArea
        id={`${prefix}-csv`}
        name="csv"
        label={t('datasets.fields.csv')}
        description={t('datasets.fields.csvHint', { kb: maxKb, rows: maxRows })}
        defaultValue={csv}
        errors={errors('csv')}
        rows={12}
        mono
      />
      <div>
        <label htmlFor={`${prefix}-csv-file`} className="mb-1 block text-sm font-medium text-slate-800">
          {t('datasets.fields.csvFile')}
        </label>
        <input
          id={`${prefix}-csv-file`}
          type="file"
          name="csvFile"
          accept=".csv,text/csv"
          aria-invalid={fileErrors?.length ? true : undefined}
          aria-describedby={fileErrors?.length ? `${prefix}-csv-file-error` : undefined}
        />
        <ErrorList id={`${prefix}-csv-file-error`} errors={fileErrors} />
      </div>
    </fieldset>
  )
}
