// The Studio's dataset editor (ADR 034 §3e): a dataset's metadata (datasets/<id>.yaml) as a form and
// its data (datasets/<id>.csv) as CSV text or an uploaded file. Each save builds both files, checks
// them with the loader's own dataset checks (checkDataset: the schema, the columns against the CSV's
// header, every cell against its column's type), refuses to drop a column a lesson's chart draws, and
// saves what changed as file drafts carrying the revisions the page showed.
import { parse } from 'csv-parse/sync'
import { Document, isPair, isScalar, parseDocument, visit } from 'yaml'
import { z } from 'zod'
import { checkDataset, guessColumnType } from '#app/content/datasets.server.ts'
import { type CourseSource, type Problem } from '#app/content/load.server.ts'
import { type ManifestDataset } from '#app/content/manifest.ts'
import { DATASET_COLUMN_TYPES, DatasetSchema, SLUG, type DatasetFile } from '#app/content/schema.ts'
import { type ErrorTable } from '#app/utils/domain-errors.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { MAX_STUDIO_CSV_BYTES, MAX_STUDIO_CSV_ROWS } from '#app/utils/limits.ts'
import { FORM_ERROR, intent, textSchema } from '#app/utils/validation.ts'
import { RevisionSchema } from './drafts.server.ts'
import { draftCourseSource, readCourseFile, saveFileDraft } from './file-drafts.server.ts'
import { lessonUses } from './lesson-uses.server.ts'

export const MAX_DATASET_TITLE_LENGTH = 200
export const MAX_DATASET_TEXT_LENGTH = 1_000

export const datasetPaths = (id: string) => ({ yaml: `datasets/${id}.yaml`, csv: `datasets/${id}.csv` })

const DatasetId = z
  .string({ required_error: 'validation:required', invalid_type_error: 'validation:invalid' })
  .trim()
  .min(1, 'validation:required')
  .max(80, 'studio:datasets.errors.id')
  .regex(SLUG, 'studio:datasets.errors.id')
const Title = textSchema(MAX_DATASET_TITLE_LENGTH)
const Description = textSchema(MAX_DATASET_TEXT_LENGTH, { multiline: true })
const Optional = textSchema(MAX_DATASET_TEXT_LENGTH, { optional: true })

/** The CSV as typed or uploaded: its size and characters checked before it is read. */
const CsvText = z
  .string({ invalid_type_error: 'validation:invalid' })
  .optional()
  .transform((value) => (value ?? '').replace(/\r\n?/g, '\n'))
  .refine((value) => Buffer.byteLength(value, 'utf8') <= MAX_STUDIO_CSV_BYTES, 'studio:datasets.errors.csvTooLarge')
  .refine((value) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value), 'studio:datasets.errors.characters')
const CsvUpload = z
  .instanceof(File, { message: 'validation:invalid' })
  .optional()
  .refine((file) => !file || file.size <= MAX_STUDIO_CSV_BYTES, 'studio:datasets.errors.csvTooLarge')

// Each column is a row of the form: the same field names repeated, read in order.
const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item).max(50))
const cell = z.string().max(MAX_DATASET_TITLE_LENGTH, 'validation:tooLong').optional()

const metadataFields = {
  titleEn: Title,
  titleEs: Title,
  descriptionEn: Description,
  descriptionEs: Description,
  fictitious: z.literal('on').optional(),
  sourceEn: Optional,
  sourceEs: Optional,
  licenceEn: Optional,
  licenceEs: Optional,
  url: z
    .string()
    .trim()
    .max(500, 'validation:tooLong')
    .url('studio:datasets.errors.url')
    .startsWith('https://', 'studio:datasets.errors.url')
    .optional(),
  csv: CsvText,
  csvFile: CsvUpload,
}

export const EditDatasetSchema = z.object({
  intent: intent('save-dataset'),
  yamlRevision: RevisionSchema,
  csvRevision: RevisionSchema,
  ...metadataFields,
  columnName: list(cell),
  columnLabelEn: list(cell),
  columnLabelEs: list(cell),
  columnType: list(z.enum(DATASET_COLUMN_TYPES, { errorMap: () => ({ message: FORM_ERROR }) })),
  columnUnitEn: list(cell),
  columnUnitEs: list(cell),
  columnRequired: list(z.enum(['yes', 'no'], { errorMap: () => ({ message: FORM_ERROR }) })),
})
export const NewDatasetSchema = z.object({ intent: intent('new-dataset'), id: DatasetId, ...metadataFields })

export type DatasetError =
  'stale' | 'duplicate' | 'unknown' | 'used' | 'problems' | 'too-large' | 'too-many-rows' | 'columns'
export const DATASET_ERRORS: ErrorTable<DatasetError> = {
  stale: { status: 409, message: 'studio:files.errors.stale' },
  duplicate: { status: 400, message: 'studio:datasets.errors.duplicate' },
  unknown: { status: 404, message: 'studio:datasets.errors.unknown' },
  used: { status: 409, message: 'studio:datasets.errors.used' },
  problems: { status: 400, message: 'studio:datasets.errors.problems' },
  'too-large': { status: 400, message: 'studio:datasets.errors.csvTooLarge' },
  'too-many-rows': { status: 400, message: 'studio:datasets.errors.tooManyRows' },
  columns: { status: 400, message: 'studio:datasets.errors.columns' },
}

export type StudioDataset = {
  id: string
  meta: DatasetFile
  yamlText: string
  csvText: string
  /** The checked dataset; null with `problems` when the drafts disagree (one of two saves was refused). */
  dataset: ManifestDataset | null
  problems: Problem[]
  revisions: { yaml: number; csv: number }
  draft: boolean
  updatedAt: Date | null
  updatedBy: string | null
}

/** The course's datasets as the Studio sees them (drafts laid over the published version). */
export async function studioDatasets(courseId: string): Promise<ManifestDataset[]> {
  return [...(await draftCourseSource(courseId)).datasets.values()].sort((a, b) => a.id.localeCompare(b.id))
}

/** One dataset as the Studio sees it (its drafts, else the published files); null if the course has no such dataset. */
export async function readDataset(courseId: string, id: string): Promise<StudioDataset | null> {
  if (!SLUG.test(id)) return null
  const paths = datasetPaths(id)
  const [yaml, csv] = await Promise.all([readCourseFile(courseId, paths.yaml), readCourseFile(courseId, paths.csv)])
  if (!yaml.bytes || !csv.bytes) return null
  const yamlText = yaml.bytes.toString('utf8')
  const csvText = csv.bytes.toString('utf8')
  const problems: Problem[] = []
  const dataset = checkDataset(
    {
      id,
      yaml: { file: paths.yaml, text: yamlText },
      csv: { file: paths.csv, size: csv.bytes.length, text: () => csvText },
    },
    problems,
  )
  const last = [yaml, csv]
    .filter((f) => f.draft)
    .sort((a, b) => (b.updatedAt?.getTime() ?? 0) - (a.updatedAt?.getTime() ?? 0))[0]
  return {
    id,
    // Published metadata passed the build and drafts this module's checks.
    meta: DatasetSchema.parse(parseDocument(yamlText).toJS()),
    problems,
    yamlText,
    csvText,
    dataset,
    revisions: { yaml: yaml.revision, csv: csv.revision },
    draft: Boolean(last),
    updatedAt: last?.updatedAt ?? null,
    updatedBy: last?.updatedBy ?? null,
  }
}

/**
 * datasets/<id>.yaml's text in the course format's style: each column's label, unit and categories
 * on one line per language (`{ en, es }`), the dataset's own texts as blocks.
 */
export function datasetYaml(meta: DatasetFile): string {
  // The format's defaults are left out: `fictitious: false`, a column's `required: true`.
  const { fictitious, columns, ...rest } = meta
  const doc = new Document({
    ...rest,
    ...(fictitious ? { fictitious } : {}),
    columns: columns.map(({ required, ...column }) => (required ? column : { ...column, required })),
  })
  visit(doc, {
    Map(_, node, path) {
      // A bilingual text inside the column list is written on one line.
      const inColumns = path.some((p) => isPair(p) && isScalar(p.key) && p.key.value === 'columns')
      const bilingual =
        node.items.length > 0 && node.items.every((i) => isScalar(i.key) && ['en', 'es'].includes(String(i.key.value)))
      if (inColumns && bilingual) node.flow = true
    },
  })
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true })
}

type MetadataInput = z.infer<typeof NewDatasetSchema>
type ColumnsInput = Pick<
  z.infer<typeof EditDatasetSchema>,
  'columnName' | 'columnLabelEn' | 'columnLabelEs' | 'columnType' | 'columnUnitEn' | 'columnUnitEs' | 'columnRequired'
>

export type DatasetResult =
  | { ok: true; id: string }
  | { ok: false; error: Exclude<DatasetError, 'stale' | 'used' | 'problems'> }
  | { ok: false; error: 'stale'; by: string | null; at: Date }
  | { ok: false; error: 'used'; lessons: string[] }
  | { ok: false; error: 'problems'; problems: Problem[] }

/** The CSV sent: an uploaded file when one was chosen, else the text field. */
async function csvOf(input: MetadataInput): Promise<string> {
  if (input.csvFile && input.csvFile.size > 0) return (await input.csvFile.text()).replace(/\r\n?/g, '\n')
  return input.csv
}

/**
 * Saves a dataset: a new one (`id` not yet in the course; its columns read from the CSV's header,
 * each column's type guessed from its cells), or an existing one's metadata and data, if the
 * revisions the page showed are still the drafts'.
 */
export async function saveDataset(input: {
  source: CourseSource
  lang: Lang
  id: string
  values: MetadataInput | (Omit<MetadataInput, 'id' | 'intent'> & ColumnsInput)
  create: boolean
  revisions: { yaml: number; csv: number }
  userId: string
}): Promise<DatasetResult> {
  const { source, id, values } = input
  const courseId = source.slug
  const current = await readDataset(courseId, id)
  if (input.create && current) return { ok: false, error: 'duplicate' }
  if (!input.create && !current) return { ok: false, error: 'unknown' }
  const revisions = current?.revisions ?? { yaml: 0, csv: 0 }
  if (revisions.yaml !== input.revisions.yaml || revisions.csv !== input.revisions.csv)
    return { ok: false, error: 'stale', by: current?.updatedBy ?? null, at: current?.updatedAt ?? new Date() }

  const csvText = await csvOf(values as MetadataInput)
  if (Buffer.byteLength(csvText, 'utf8') > MAX_STUDIO_CSV_BYTES) return { ok: false, error: 'too-large' }
  let records: string[][] = []
  try {
    records = parse(csvText, { bom: true, skip_empty_lines: true }) as string[][]
  } catch {
    // checkDataset below reports where.
  }
  if (records.length - 1 > MAX_STUDIO_CSV_ROWS) return { ok: false, error: 'too-many-rows' }

  const bilingual = (en: string | undefined, es: string | undefined) =>
    en || es ? { en: en ?? '', es: es ?? '' } : undefined
  let columns: DatasetFile['columns']
  if ('columnName' in values) {
    const n = values.columnName.length
    const lengths = [
      values.columnLabelEn,
      values.columnLabelEs,
      values.columnType,
      values.columnUnitEn,
      values.columnUnitEs,
      values.columnRequired,
    ]
    if (lengths.some((l) => l.length !== n)) return { ok: false, error: 'columns' }
    columns = []
    for (let i = 0; i < n; i++) {
      const name = values.columnName[i]?.trim()
      // A row whose name was emptied is a column removed.
      if (!name) continue
      const before = current?.meta.columns.find((c) => c.name === name)
      columns.push({
        name,
        label: { en: values.columnLabelEn[i]?.trim() ?? '', es: values.columnLabelEs[i]?.trim() ?? '' },
        type: values.columnType[i]!,
        ...(bilingual(values.columnUnitEn[i]?.trim(), values.columnUnitEs[i]?.trim())
          ? { unit: bilingual(values.columnUnitEn[i]?.trim(), values.columnUnitEs[i]?.trim()) }
          : {}),
        required: values.columnRequired[i] === 'yes',
        // Categories are not in the form: a column keeps its own.
        ...(before?.categories ? { categories: before.categories } : {}),
      })
    }
  } else {
    // A new dataset: a column per header, labelled with its name in both languages until edited.
    const header = (records[0] ?? []).map((h) => h.trim())
    columns = header.map((name, i) => ({
      name,
      label: { en: name, es: name },
      type: guessColumnType(records.slice(1).map((r) => r[i] ?? '')),
      required: true,
    }))
  }

  // A column a lesson's chart draws cannot disappear.
  if (current) {
    const uses = await lessonUses(source, input.lang)
    const lessons = new Set<string>()
    for (const column of current.meta.columns)
      if (!columns.some((c) => c.name === column.name))
        for (const lesson of uses.columns.get(`${id}/${column.name}`) ?? []) lessons.add(lesson)
    if (lessons.size) return { ok: false, error: 'used', lessons: [...lessons].sort() }
  }

  const meta = {
    id,
    title: { en: values.titleEn, es: values.titleEs },
    description: { en: values.descriptionEn, es: values.descriptionEs },
    fictitious: values.fictitious === 'on',
    ...(bilingual(values.sourceEn, values.sourceEs) ? { source: bilingual(values.sourceEn, values.sourceEs) } : {}),
    ...(values.url ? { url: values.url } : {}),
    ...(bilingual(values.licenceEn, values.licenceEs)
      ? { licence: bilingual(values.licenceEn, values.licenceEs) }
      : {}),
    columns,
  } as DatasetFile
  const yamlText = datasetYaml(meta)
  const paths = datasetPaths(id)
  const problems: Problem[] = []
  const checked = checkDataset(
    {
      id,
      yaml: { file: paths.yaml, text: yamlText },
      csv: { file: paths.csv, size: Buffer.byteLength(csvText), text: () => csvText },
    },
    problems,
  )
  if (!checked) return { ok: false, error: 'problems', problems }

  // What changed is saved, the data first: a metadata draft never names columns its data lacks.
  for (const [kind, text, was] of [
    ['csv', csvText, current?.csvText],
    ['yaml', yamlText, current?.yamlText],
  ] as const) {
    if (text === was) continue
    const saved = await saveFileDraft({
      courseId,
      path: paths[kind],
      bytes: Buffer.from(text, 'utf8'),
      baseRevision: revisions[kind],
      userId: input.userId,
    })
    if (!saved.ok) return { ok: false, error: 'stale', by: saved.by, at: saved.at }
  }
  return { ok: true, id }
}
