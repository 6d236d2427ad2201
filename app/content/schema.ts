// Schemas of the course files (docs/course-format.md). Used at build time, by
// `npm run courses:check`, and by the server when it reads compiled artefacts.
import { z } from 'zod'
import { DEFAULT_FEEDBACK_POLICY, FEEDBACK_POLICIES } from '#app/quizzes/feedback.ts'

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const Slug = z.string().regex(SLUG, 'must be lower-case letters, digits and hyphens')
const Text = z.string().trim().min(1, 'must not be empty')

/** A string in both languages. */
export const Bilingual = z.object({ en: Text, es: Text }, { required_error: 'needs en and es' }).strict()
export type Bilingual = z.infer<typeof Bilingual>

export const COURSE_LEVELS = ['introductory', 'intermediate', 'advanced'] as const
export const COURSE_TOPICS = ['classification', 'surveys', 'homicide', 'sdg', 'data-quality'] as const

export const CourseSchema = z
  .object({
    id: Slug,
    status: z.enum(['draft', 'published']),
    level: z.enum(COURSE_LEVELS),
    hours: z.number().positive().max(500),
    price: z.number().min(0).max(100_000),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
      .default('USD'),
    topics: z.array(z.enum(COURSE_TOPICS)).min(1),
    trainers: z.array(z.string().email()).default([]),
    certificate: z
      .object({
        allLessons: z.boolean().default(true),
        quizzes: z.array(Slug).default([]),
        approval: z.boolean().default(false),
      })
      .strict()
      .default({}),
    title: Bilingual,
    summary: Bilingual,
    outcomes: z.object({ en: z.array(Text).min(1), es: z.array(Text).min(1) }).strict(),
  })
  .strict()
export type CourseFile = z.infer<typeof CourseSchema>

/**
 * A module or a lesson in `draft` is checked and compiled but not published: learners do not see
 * it, and it counts for no one's progress or certificate (courses:new writes new ones as drafts).
 */
const ContentStatus = z.enum(['draft', 'published']).default('published')

export const ModuleSchema = z.object({ title: Bilingual, summary: Bilingual, status: ContentStatus }).strict()
export type ModuleFile = z.infer<typeof ModuleSchema>

export const FrontmatterSchema = z
  .object({
    title: Text,
    summary: Text,
    minutes: z.number().int().positive().max(600),
    status: ContentStatus,
  })
  .strict()
export type Frontmatter = z.infer<typeof FrontmatterSchema>

const GlossaryEntry = z.object({ term: Text, definition: Text }).strict()
export const GlossarySchema = z.record(Slug, z.object({ en: GlossaryEntry, es: GlossaryEntry }).strict())
export type Glossary = z.infer<typeof GlossarySchema>

// Quizzes: written once for both languages; keys single-sourced (docs/course-format.md).
const Option = z.object({ id: Slug, text: Bilingual }).strict()
// hint: shown after an attempt on a question not fully right, whatever the feedback policy: it
// must help without giving the answer away. explanation: shown when the policy reveals answers.
const Base = { id: Slug, prompt: Bilingual, explanation: Bilingual, hint: Bilingual.optional() }

export const QuestionSchema = z.discriminatedUnion('type', [
  z.object({ ...Base, type: z.literal('single'), options: z.array(Option).min(2), answer: Slug }).strict(),
  z
    .object({ ...Base, type: z.literal('multiple'), options: z.array(Option).min(2), answer: z.array(Slug).min(1) })
    .strict(),
  z.object({ ...Base, type: z.literal('truefalse'), answer: z.boolean() }).strict(),
  z
    .object({
      ...Base,
      type: z.literal('numeric'),
      answer: z.number().finite(),
      tolerance: z
        .union([
          z.object({ absolute: z.number().min(0) }).strict(),
          z.object({ relative: z.number().min(0).max(0.5) }).strict(),
        ])
        .default({ absolute: 0 }),
      significantFigures: z.number().int().min(1).max(15).optional(),
      unit: Bilingual.optional(),
    })
    .strict(),
  z
    .object({
      ...Base,
      type: z.literal('text'),
      accept: z.object({ en: z.array(Text).min(1), es: z.array(Text).min(1) }).strict(),
    })
    .strict(),
  z
    .object({
      ...Base,
      type: z.literal('match'),
      categories: z.array(Option).min(2),
      items: z.array(z.object({ id: Slug, text: Bilingual, answer: Slug }).strict()).min(1),
    })
    .strict(),
  z
    .object({ ...Base, type: z.literal('order'), options: z.array(Option).min(2), answer: z.array(Slug).min(2) })
    .strict(),
])
export type Question = z.infer<typeof QuestionSchema>

// Data exercises (ADR 032): a quiz with `kind: exercise`, a small table of data in front of the
// learner, numeric questions as its ordered steps, and a worked solution shown after grading under
// the same feedback policy as explanations. Graded, stored, analysed and revealed as any quiz.
export const QUIZ_KINDS = ['quiz', 'exercise'] as const
/** An exercise's table is an extract to compute from, not a dataset: small enough to read on a phone. */
export const MAX_DATA_COLUMNS = 8
export const MAX_DATA_ROWS = 20

/** A cell: a number (shown in the reader's convention), a text the same in both languages, or one per language. */
const DataCell = z.union([z.number().finite(), Text, Bilingual])
export type DataCell = z.infer<typeof DataCell>

export const DataTableSchema = z
  .object({
    caption: Bilingual,
    // Where the figures come from, or that they are fictitious: said plainly in both languages.
    source: Bilingual,
    columns: z
      .array(z.object({ id: Slug, label: Bilingual, unit: Bilingual.optional() }).strict())
      .min(1)
      .max(MAX_DATA_COLUMNS),
    rows: z.array(z.array(DataCell)).min(1).max(MAX_DATA_ROWS),
  })
  .strict()
export type DataTable = z.infer<typeof DataTableSchema>

export const QuizSchema = z
  .object({
    id: Slug,
    // Absent means a quiz (so existing quizzes keep their version hash).
    kind: z.enum(QUIZ_KINDS).optional(),
    passingScore: z.number().min(0).max(100),
    maxAttempts: z.number().int().min(0).max(100).default(0),
    shuffle: z.boolean().default(false),
    countsForCertificate: z.boolean().default(true),
    // When the correct answers and explanations are shown (app/quizzes/feedback.ts, ADR 020).
    feedback: z.enum(FEEDBACK_POLICIES).default(DEFAULT_FEEDBACK_POLICY),
    questions: z.array(QuestionSchema).min(1),
    // Exercises only (quizProblems): the table to compute from and the worked solution.
    data: DataTableSchema.optional(),
    solution: Bilingual.optional(),
  })
  .strict()
export type QuizFile = z.infer<typeof QuizSchema>

/** Cross-field rules Zod's shapes cannot say: ids unique, keys point at options that exist. */
export function quizProblems(quiz: QuizFile): Array<{ path: Array<string | number>; message: string }> {
  const problems: Array<{ path: Array<string | number>; message: string }> = []
  if (quiz.kind === 'exercise') {
    if (!quiz.data) problems.push({ path: ['kind'], message: 'an exercise needs a data table (data:)' })
    if (!quiz.solution) problems.push({ path: ['kind'], message: 'an exercise needs a worked solution (solution:)' })
    quiz.questions.forEach((q, i) => {
      if (q.type !== 'numeric')
        problems.push({
          path: ['questions', i, 'type'],
          message: `an exercise's steps are numeric questions, not ${q.type}`,
        })
    })
    const width = quiz.data?.columns.length ?? 0
    const columnIds = new Set<string>()
    quiz.data?.columns.forEach((c, j) => {
      if (columnIds.has(c.id))
        problems.push({ path: ['data', 'columns', j, 'id'], message: `column id "${c.id}" is used twice` })
      columnIds.add(c.id)
    })
    quiz.data?.rows.forEach((row, r) => {
      if (row.length !== width)
        problems.push({
          path: ['data', 'rows', r],
          message: `row ${r + 1} has ${row.length} cells; the table has ${width} columns`,
        })
    })
  } else {
    if (quiz.data) problems.push({ path: ['data'], message: 'a data table belongs to an exercise (kind: exercise)' })
    if (quiz.solution)
      problems.push({ path: ['solution'], message: 'a worked solution belongs to an exercise (kind: exercise)' })
  }
  const seen = new Set<string>()
  quiz.questions.forEach((q, i) => {
    if (seen.has(q.id)) problems.push({ path: ['questions', i, 'id'], message: `question id "${q.id}" is used twice` })
    seen.add(q.id)
    /** The ids of a question's options (categories, items), each reported where it is used twice. */
    const idsOf = (list: Array<{ id: string }>, where: string) => {
      const s = new Set<string>()
      for (const { id } of list) {
        if (s.has(id)) problems.push({ path: ['questions', i, where], message: `id "${id}" is used twice in ${where}` })
        s.add(id)
      }
      return s
    }
    const answersAreOptions = (answers: string[], options: Set<string>) => {
      for (const a of answers)
        if (!options.has(a))
          problems.push({ path: ['questions', i, 'answer'], message: `answer "${a}" is not one of the options` })
    }
    switch (q.type) {
      case 'single':
        answersAreOptions([q.answer], idsOf(q.options, 'options'))
        break
      case 'multiple':
        answersAreOptions(q.answer, idsOf(q.options, 'options'))
        break
      case 'order': {
        const ids = idsOf(q.options, 'options')
        const answer = new Set(q.answer)
        if (answer.size !== q.answer.length || answer.size !== ids.size || [...answer].some((a) => !ids.has(a))) {
          problems.push({ path: ['questions', i, 'answer'], message: 'answer must list every option exactly once' })
        }
        break
      }
      case 'match': {
        const cats = idsOf(q.categories, 'categories')
        idsOf(q.items, 'items')
        q.items.forEach((item, j) => {
          if (!cats.has(item.answer))
            problems.push({
              path: ['questions', i, 'items', j, 'answer'],
              message: `category "${item.answer}" does not exist`,
            })
        })
        break
      }
      case 'numeric': {
        const tol = q.tolerance
        if ('relative' in tol && q.answer === 0 && tol.relative > 0) {
          problems.push({
            path: ['questions', i, 'tolerance'],
            message: 'a relative tolerance needs a non-zero answer',
          })
        }
        if ('absolute' in tol && q.answer !== 0 && tol.absolute > Math.abs(q.answer)) {
          problems.push({
            path: ['questions', i, 'tolerance'],
            message: 'the absolute tolerance is larger than the answer itself',
          })
        }
        break
      }
      default:
        break
    }
  })
  return problems
}

// Datasets: courses/<course>/datasets/<id>.csv (the data) and <id>.yaml (this metadata).
export const DATASET_COLUMN_TYPES = ['integer', 'number', 'year', 'code', 'text'] as const
export type DatasetColumnType = (typeof DATASET_COLUMN_TYPES)[number]
/** Over this size a dataset fails courses:check: it is practice data, read whole into memory. */
export const MAX_DATASET_BYTES = 5 * 1024 * 1024

export const DatasetColumnSchema = z
  .object({
    /** The column's header in the CSV file. */
    name: z.string().trim().min(1).max(100),
    label: Bilingual,
    type: z.enum(DATASET_COLUMN_TYPES),
    unit: Bilingual.optional(),
    /** An empty cell in a required column fails courses:check. */
    required: z.boolean().default(true),
    /** For a code column: what each code means, in both languages (charts and tables show these). */
    categories: z.record(z.string().min(1).max(60), Bilingual).optional(),
  })
  .strict()

export const DatasetSchema = z
  .object({
    id: Slug,
    title: Bilingual,
    description: Bilingual,
    /** Invented numbers for practice: said plainly on the page and in the workbook's metadata sheet. */
    fictitious: z.boolean().default(false),
    source: Bilingual.optional(),
    url: z.string().url().startsWith('https://').optional(),
    licence: Bilingual.optional(),
    columns: z.array(DatasetColumnSchema).min(1).max(50),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (!d.fictitious && (!d.source || !d.licence))
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['source'],
        message: 'a dataset needs source and licence, or fictitious: true',
      })
  })
export type DatasetFile = z.infer<typeof DatasetSchema>
