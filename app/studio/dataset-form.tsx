// The fields of the Studio's dataset forms (ADR 034 §3e), shared by "new dataset" and "edit dataset":
// the dataset's texts in both languages, where its numbers come from, and its data as CSV text or a
// .csv file. Labels, hints and errors are tied to their fields for assistive technology.
import { type SubmissionResult } from '@conform-to/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Field, TextAreaField } from '#app/components/forms.tsx'

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
          <TextAreaField
            label={t('datasets.fields.description')}
            errors={errors(`description${suffix}`)}
            textareaProps={{
              id: `${prefix}-description${suffix}`,
              name: `description${suffix}`,
              defaultValue: values?.[`description${suffix}`],
            }}
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
      <TextAreaField
        label={t('datasets.fields.csv')}
        description={t('datasets.fields.csvHint', { kb: maxKb, rows: maxRows })}
        errors={errors('csv')}
        textareaProps={{ id: `${prefix}-csv`, name: 'csv', defaultValue: csv, rows: 12 }}
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
