// The Studio's quiz editor (ADR 034 §3d): a quiz file (quizzes/<id>.yaml) edited through forms, one
// per question, with the answer key written once for both languages. Every change is made on the
// file's YAML document (comments, layout and the parts the forms do not show, such as an
// exercise's data table, are kept), checked with the loader's own schema and checks (QuizSchema,
// quizProblems, hand-formatted numbers) and saved as a file draft with the revision the page showed.
// Question and option ids that exist in the published version never change: progress and
// attempts refer to them.
import { type Params } from '@remix-run/react'
import { isMap, isSeq, parse, parseDocument, type Document, type Node, visit } from 'yaml'
import { z } from 'zod'
import { requireRole } from '#app/accounts/auth.server.ts'
import { isSlugParam } from '#app/content/access.server.ts'
import { MIN_CERTIFICATE_QUESTIONS } from '#app/content/load.server.ts'
import { numProblem, numTags } from '#app/content/numbers.ts'
import { findQuantities, maskMdx } from '#app/content/quantities.ts'
import { QuizSchema, quizProblems, type Question, type QuizFile } from '#app/content/schema.ts'
import { FEEDBACK_POLICIES } from '#app/quizzes/feedback.ts'
import { parseLearnerNumber, type NumberConvention } from '#app/quizzes/numbers.ts'
import { requireTaughtCourse } from '#app/teaching/teach.server.ts'
import { type ErrorTable } from '#app/utils/domain-errors.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { FORM_ERROR, intent, SLUG_PATTERN } from '#app/utils/validation.ts'
import { RevisionSchema, type SaveResult } from './drafts.server.ts'
import { draftCourseSource, fileDraftsOfCourse, readCourseFile, saveFileDraft } from './file-drafts.server.ts'
import { MAX_QUIZ_TEXT, QUESTION_TYPES, type QuestionType } from './quiz-editor.ts'
import { studioCourseSource } from './studio.server.ts'

export const quizFilePath = (id: string) => `quizzes/${id}.yaml`

// ---------------------------------------------------------------------------------------------
// The forms

const ChosenSlug = z
  .string({ required_error: FORM_ERROR, invalid_type_error: FORM_ERROR })
  .max(80, FORM_ERROR)
  .regex(SLUG_PATTERN, FORM_ERROR)
const NewId = z
  .string({ required_error: 'validation:required', invalid_type_error: 'validation:invalid' })
  .trim()
  .min(1, 'validation:required')
  .max(80, 'studio:quiz.errors.slug')
  .regex(SLUG_PATTERN, 'studio:quiz.errors.slug')
const TypeSchema = z.enum(QUESTION_TYPES, { errorMap: () => ({ message: 'studio:quiz.errors.type' }) })
const Position = z.coerce
  .number({ invalid_type_error: 'studio:quiz.errors.position' })
  .int('studio:quiz.errors.position')
  .min(-1_000_000, 'studio:quiz.errors.position')
  .max(1_000_000, 'studio:quiz.errors.position')
const Whole = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: 'studio:quiz.errors.number', required_error: 'validation:required' })
    .finite('studio:quiz.errors.number')
    .min(min, 'studio:quiz.errors.range')
    .max(max, 'studio:quiz.errors.range')
const Checkbox = z
  .literal('on', { errorMap: () => ({ message: FORM_ERROR }) })
  .optional()
  .transform(Boolean)
const Typed = z.string({ invalid_type_error: 'validation:invalid' }).max(MAX_QUIZ_TEXT, 'validation:tooLong').optional()
const Short = z.string({ invalid_type_error: 'validation:invalid' }).max(200, 'validation:tooLong').optional()

export const CreateQuizSchema = z.object({
  intent: intent('create-quiz'),
  quiz: NewId,
  passingScore: Whole(0, 100),
  type: TypeSchema,
})
export const SaveSettingsSchema = z.object({
  intent: intent('save-settings'),
  revision: RevisionSchema,
  passingScore: Whole(0, 100),
  maxAttempts: Whole(0, 100).pipe(z.number().int('studio:quiz.errors.whole')),
  shuffle: Checkbox,
  countsForCertificate: Checkbox,
  feedback: z.enum(FEEDBACK_POLICIES, { errorMap: () => ({ message: FORM_ERROR }) }),
})
export const AddQuestionSchema = z.object({
  intent: intent('add-question'),
  revision: RevisionSchema,
  id: NewId,
  type: TypeSchema,
})
export const DeleteQuestionSchema = z.object({
  intent: intent('delete-question'),
  revision: RevisionSchema,
  question: ChosenSlug,
})
export const MoveQuestionSchema = z.object({
  intent: intent('move-question'),
  revision: RevisionSchema,
  question: ChosenSlug,
  position: Position,
})

/** A row of a question's list (an option, a category, an item): `was` is its id when the page was made. */
const Row = z.object({
  id: Short,
  was: Short,
  en: Typed,
  es: Typed,
  remove: Checkbox,
  /** A match item's category (the row key of a category), an order option's position. */
  answer: Short,
  position: Short,
})
const Rows = z
  .record(z.string().regex(/^\d{1,2}$/, FORM_ERROR), Row)
  .optional()
  .transform((rows) =>
    Object.entries(rows ?? {})
      .map(([key, row]) => ({ key, ...row }))
      .sort((a, b) => Number(a.key) - Number(b.key)),
  )
export type FormRow = z.output<typeof Rows>[number]

export const SaveQuestionSchema = z.object({
  intent: intent('save-question'),
  revision: RevisionSchema,
  question: ChosenSlug,
  type: TypeSchema,
  id: Short,
  promptEn: Typed,
  promptEs: Typed,
  explanationEn: Typed,
  explanationEs: Typed,
  hintEn: Typed,
  hintEs: Typed,
  /** single: a row key; multiple: row keys; truefalse: 'true' | 'false'; numeric: the number. */
  answer: z.union([Short, z.array(z.string().max(10))]).optional(),
  toleranceKind: z.enum(['absolute', 'relative'], { errorMap: () => ({ message: FORM_ERROR }) }).optional(),
  tolerance: Short,
  significantFigures: Short,
  unitEn: Short,
  unitEs: Short,
  acceptEn: Typed,
  acceptEs: Typed,
  options: Rows,
  categories: Rows,
  items: Rows,
})
export type SaveQuestionForm = z.output<typeof SaveQuestionSchema>

export type QuizEditError =
  'stale' | 'duplicate' | 'duplicate-quiz' | 'position' | 'unknown' | 'invalid' | 'published-id' | 'last'
export const QUIZ_ERRORS: ErrorTable<QuizEditError> = {
  stale: { status: 409, message: 'studio:quiz.errors.stale' },
  duplicate: { status: 400, message: 'studio:quiz.errors.duplicate' },
  'duplicate-quiz': { status: 400, message: 'studio:quiz.errors.duplicateQuiz' },
  position: { status: 400, message: 'studio:quiz.errors.position' },
  unknown: { status: 404, message: 'studio:quiz.errors.unknown' },
  invalid: { status: 400, message: 'studio:quiz.errors.invalid' },
  'published-id': { status: 400, message: 'studio:quiz.errors.publishedId' },
  last: { status: 400, message: 'studio:quiz.errors.last' },
}

export type FieldErrors = Record<string, string[]>
export type EditResult =
  | { ok: true; revision: number }
  | { ok: false; error: Exclude<QuizEditError, 'stale'>; fields?: FieldErrors }
  | { ok: false; error: 'stale'; by: string | null; at: Date }

// ---------------------------------------------------------------------------------------------
// Reading

export type StudioQuiz = {
  id: string
  /** The file's text as the editor starts from (the draft's, else the published one). */
  text: string
  quiz: QuizFile
  revision: number
  draft: boolean
  /** The quiz as published (null: added in the Studio): its question and option ids are fixed. */
  published: QuizFile | null
  /** Whether the course's certificate counts this quiz (it then needs MIN_CERTIFICATE_QUESTIONS). */
  certificate: boolean
  /** Who saved the draft last, and when (a stale save names them). */
  updatedBy: string | null
  updatedAt: Date | null
}

/**
 * The guard of the quiz editor's page and actions: a trainer of the course or an administrator
 * (a learner or another course's trainer: 403), a quiz the course has, published or drafted (404).
 */
export async function requireStudioQuiz(request: Request, params: Params) {
  const user = await requireRole(request, ['trainer', 'admin'])
  const course = requireTaughtCourse(user, params.course)
  if (!isSlugParam(params.quiz)) throw new Response('Not found', { status: 404 })
  const quiz = await readStudioQuiz(course.id, params.quiz)
  if (!quiz) throw new Response('Not found', { status: 404 })
  return { user, course, quiz }
}

export async function readStudioQuiz(courseId: string, id: string): Promise<StudioQuiz | null> {
  const [file, source] = await Promise.all([readCourseFile(courseId, quizFilePath(id)), studioCourseSource(courseId)])
  if (!file.bytes) return null
  const text = file.bytes.toString('utf8')
  const parsed = QuizSchema.safeParse(parse(text))
  // Saved only after these checks: a file that fails them is not one this editor wrote.
  if (!parsed.success) throw new Error(`${courseId}/${quizFilePath(id)} does not pass QuizSchema`)
  return {
    id,
    text,
    quiz: parsed.data,
    revision: file.revision,
    draft: file.draft,
    published: source.quizzes.get(id)?.quiz ?? null,
    certificate: source.course?.certificate.quizzes.includes(id) ?? false,
    updatedBy: file.updatedBy,
    updatedAt: file.updatedAt,
  }
}

/** The course's quizzes as the Studio sees them (drafts laid over the published files), for the outline. */
export async function studioQuizzes(courseId: string) {
  const [source, drafts] = await Promise.all([draftCourseSource(courseId), fileDraftsOfCourse(courseId)])
  const drafted = new Set(drafts.filter((d) => !d.deleted).map((d) => d.path))
  return [...source.quizzes.values()]
    .map(({ quiz }) => ({
      id: quiz.id,
      kind: quiz.kind ?? 'quiz',
      questions: quiz.questions.length,
      draft: drafted.has(quizFilePath(quiz.id)),
    }))
    .sort((a, b) => a.id.localeCompare(b.id))
}

// ---------------------------------------------------------------------------------------------
// Writing

const TEMPLATE = {
  prompt: { en: 'Write the question here.', es: 'Escriba aquí la pregunta.' },
  explanation: { en: 'Explain the right answer here.', es: 'Explique aquí la respuesta correcta.' },
  option: (n: number) => ({ en: `Option ${n}`, es: `Opción ${n}` }),
  category: (n: number) => ({ en: `Category ${n}`, es: `Categoría ${n}` }),
  item: (n: number) => ({ en: `Item ${n}`, es: `Elemento ${n}` }),
}

/** A new question of `type`: texts to replace in both languages, a key that passes the checks. */
export function newQuestion(type: QuestionType, id: string): Question {
  const base = { id, prompt: TEMPLATE.prompt, explanation: TEMPLATE.explanation }
  const options = [1, 2].map((n) => ({ id: `option-${n}`, text: TEMPLATE.option(n) }))
  switch (type) {
    case 'single':
      return { ...base, type, options, answer: 'option-1' }
    case 'multiple':
      return { ...base, type, options, answer: ['option-1'] }
    case 'order':
      return { ...base, type, options, answer: ['option-1', 'option-2'] }
    case 'truefalse':
      return { ...base, type, answer: true }
    case 'numeric':
      return { ...base, type, answer: 1, tolerance: { absolute: 0 } }
    case 'text':
      return { ...base, type, accept: { en: ['answer'], es: ['respuesta'] } }
    case 'match':
      return {
        ...base,
        type,
        categories: [1, 2].map((n) => ({ id: `category-${n}`, text: TEMPLATE.category(n) })),
        items: [1, 2].map((n) => ({ id: `item-${n}`, text: TEMPLATE.item(n), answer: `category-${n}` })),
      }
  }
}

/**
 * The quiz file as people write it: the quiz's settings, then its questions; an option's text and
 * a tolerance on one line ({ en: …, es: … }), prompts and explanations on their own lines.
 */
function tidy(doc: Document, node: Node) {
  visit(node, {
    Pair(_, pair) {
      const key = (pair.key as { value?: unknown } | null)?.value
      if ((key === 'text' || key === 'tolerance' || key === 'unit') && isMap(pair.value)) pair.value.flow = true
      if (key === 'answer' && isSeq(pair.value)) pair.value.flow = true
    },
  })
  return doc
}

/** The whole quiz's problems after an edit, as the loader reports them, each at its path. */
export function quizFileProblems(
  text: string,
  id: string,
  certificate: boolean,
): Array<{ path: Array<string | number>; message: string }> {
  const parsed = QuizSchema.safeParse(parse(text))
  if (!parsed.success) return parsed.error.issues.map((i) => ({ path: i.path, message: issueKey(i) }))
  const problems = quizProblems(parsed.data).map((p) => ({ path: p.path, message: problemKey(p.message) }))
  if (parsed.data.id !== id) problems.push({ path: ['id'], message: FORM_ERROR })
  if (certificate && parsed.data.questions.length < MIN_CERTIFICATE_QUESTIONS)
    problems.push({ path: ['questions'], message: 'studio:quiz.errors.certificate' })
  return problems
}

/** The translated message of a schema issue at a form's field. */
function issueKey(issue: z.ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.type === 'array' ? 'studio:quiz.errors.tooFew' : 'validation:required'
    case 'too_big':
      return issue.type === 'string' ? 'validation:tooLong' : 'studio:quiz.errors.range'
    case 'invalid_string':
      return 'studio:quiz.errors.slug'
    case 'invalid_union_discriminator':
      return 'studio:quiz.errors.type'
    default:
      return 'studio:quiz.errors.invalid'
  }
}

/** quizProblems' English messages as translation keys. */
function problemKey(message: string): string {
  if (/^question id .* is used twice/.test(message)) return 'studio:quiz.errors.duplicate'
  if (/is used twice in/.test(message)) return 'studio:quiz.errors.duplicateOption'
  if (/is not one of the options/.test(message)) return 'studio:quiz.errors.notAnOption'
  if (/every option exactly once/.test(message)) return 'studio:quiz.errors.order'
  if (/^category .* does not exist/.test(message)) return 'studio:quiz.errors.notACategory'
  if (/tolerance/.test(message)) return 'studio:quiz.errors.tolerance'
  if (/exercise's steps/.test(message)) return 'studio:quiz.errors.exerciseStep'
  return 'studio:quiz.errors.invalid'
}

/** Hand-formatted numbers and malformed <Num /> in one text (the loader's quiz check, per field). */
function numberProblem(text: string | undefined, lang: Lang): string | null {
  if (!text) return null
  if (numTags(text).some((tag) => numProblem(tag.attributes))) return 'studio:quiz.errors.numMarkup'
  return findQuantities(maskMdx(text), lang).length ? 'studio:quiz.errors.handFormatted' : null
}

/** Writes the file draft if the whole quiz passes the checks; else nothing, and the problems. */
async function saveQuiz(input: {
  courseId: string
  quiz: StudioQuiz
  doc: Document
  baseRevision: number
  userId: string
  /** A problem's form field (null: the form's own message). */
  fieldOf?: (path: Array<string | number>) => string | null
}): Promise<EditResult> {
  const { courseId, quiz, doc, baseRevision, userId, fieldOf = () => null } = input
  const text = doc.toString({ lineWidth: 0 })
  const problems = quizFileProblems(text, quiz.id, quiz.certificate)
  if (problems.length) {
    const fields: FieldErrors = {}
    for (const p of problems) {
      const field = fieldOf(p.path) ?? ''
      fields[field] = [...new Set([...(fields[field] ?? []), p.message])]
    }
    return { ok: false, error: 'invalid', fields }
  }
  return saved(
    await saveFileDraft({
      courseId,
      path: quizFilePath(quiz.id),
      bytes: Buffer.from(text, 'utf8'),
      baseRevision,
      userId,
    }),
  )
}

/**
 * A save based on a revision that is no longer the draft's, refused before anything is checked or
 * stored (saveFileDraft decides again in one statement, for a save in between).
 */
function staleOf(input: { quiz: StudioQuiz; baseRevision: number }): EditResult | null {
  const { quiz, baseRevision } = input
  return baseRevision === quiz.revision
    ? null
    : { ok: false, error: 'stale', by: quiz.updatedBy, at: quiz.updatedAt ?? new Date() }
}

const saved = (result: SaveResult): EditResult =>
  result.ok ? { ok: true, revision: result.revision } : { ok: false, error: 'stale', by: result.by, at: result.at }

/** A new quiz (quizzes/<id>.yaml) with one question of `type`: an id no quiz of the course has. */
export async function createQuiz(input: {
  courseId: string
  id: string
  passingScore: number
  type: QuestionType
  userId: string
}): Promise<EditResult> {
  const { courseId, id, passingScore, type, userId } = input
  const existing = await readCourseFile(courseId, quizFilePath(id))
  // A quiz deleted by a draft keeps its id: the draft's revision is the one to build on.
  if (existing.bytes) return { ok: false, error: 'duplicate-quiz' }
  // The settings people write in every quiz; the rest keep the format's defaults.
  const quiz = {
    id,
    passingScore,
    maxAttempts: 0,
    shuffle: false,
    countsForCertificate: true,
    questions: [newQuestion(type, 'question-1')],
  }
  const doc = parseDocument('')
  doc.contents = doc.createNode(quiz) as typeof doc.contents
  tidy(doc, doc.contents!)
  const text = doc.toString({ lineWidth: 0 })
  if (quizFileProblems(text, id, false).length) return { ok: false, error: 'invalid' }
  return saved(
    await saveFileDraft({
      courseId,
      path: quizFilePath(id),
      bytes: Buffer.from(text, 'utf8'),
      baseRevision: existing.revision,
      userId,
    }),
  )
}

export async function saveSettings(input: {
  courseId: string
  quiz: StudioQuiz
  baseRevision: number
  values: Omit<z.output<typeof SaveSettingsSchema>, 'intent' | 'revision'>
  userId: string
}): Promise<EditResult> {
  const stale = staleOf(input)
  if (stale) return stale
  const doc = parseDocument(input.quiz.text)
  for (const [key, value] of Object.entries(input.values)) doc.set(key, value)
  const fields = new Set(Object.keys(input.values))
  return saveQuiz({
    ...input,
    doc,
    fieldOf: (path) => (path.length === 1 && fields.has(String(path[0])) ? String(path[0]) : null),
  })
}

/** The index of a question in the file's questions (-1: none). */
const indexOf = (quiz: StudioQuiz, id: string) => quiz.quiz.questions.findIndex((q) => q.id === id)

export async function addQuestion(input: {
  courseId: string
  quiz: StudioQuiz
  baseRevision: number
  id: string
  type: QuestionType
  userId: string
}): Promise<EditResult> {
  const stale = staleOf(input)
  if (stale) return stale
  if (indexOf(input.quiz, input.id) >= 0)
    return { ok: false, error: 'duplicate', fields: { id: [QUIZ_ERRORS.duplicate.message] } }
  const doc = parseDocument(input.quiz.text)
  const questions = doc.get('questions', true)
  if (!isSeq(questions)) return { ok: false, error: 'invalid' }
  const node = doc.createNode(newQuestion(input.type, input.id)) as Node
  tidy(doc, node)
  questions.items.push(node)
  return saveQuiz({ ...input, doc })
}

export async function deleteQuestion(input: {
  courseId: string
  quiz: StudioQuiz
  baseRevision: number
  question: string
  userId: string
}): Promise<EditResult> {
  const stale = staleOf(input)
  if (stale) return stale
  const index = indexOf(input.quiz, input.question)
  if (index < 0) return { ok: false, error: 'unknown' }
  if (input.quiz.quiz.questions.length === 1) return { ok: false, error: 'last' }
  const doc = parseDocument(input.quiz.text)
  doc.deleteIn(['questions', index])
  return saveQuiz({ ...input, doc })
}

export async function moveQuestion(input: {
  courseId: string
  quiz: StudioQuiz
  baseRevision: number
  question: string
  position: number
  userId: string
}): Promise<EditResult> {
  const stale = staleOf(input)
  if (stale) return stale
  const from = indexOf(input.quiz, input.question)
  if (from < 0) return { ok: false, error: 'unknown' }
  if (input.position < 1 || input.position > input.quiz.quiz.questions.length) return { ok: false, error: 'position' }
  const doc = parseDocument(input.quiz.text)
  const questions = doc.get('questions', true)
  if (!isSeq(questions)) return { ok: false, error: 'invalid' }
  const [node] = questions.items.splice(from, 1)
  questions.items.splice(input.position - 1, 0, node!)
  return saveQuiz({ ...input, doc })
}

// ---------------------------------------------------------------------------------------------
// A question's form, read into the format

const clean = (text: string | undefined) => (text ?? '').trim().replace(/\r\n?/g, '\n').normalize('NFC')
const bilingual = (en: string | undefined, es: string | undefined) => ({ en: clean(en), es: clean(es) })
const lines = (text: string | undefined) =>
  clean(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)

/** A list's rows that are not empty or removed, each with its id (a free letter when left empty). */
function rowsOf(rows: FormRow[]) {
  const kept = rows.filter((r) => !r.remove && (clean(r.id) || clean(r.en) || clean(r.es)))
  const taken = new Set(kept.map((r) => clean(r.id)).filter(Boolean))
  let next = 1
  return kept.map((row) => {
    let id = clean(row.id)
    if (!id) {
      while (taken.has(`option-${next}`)) next++
      id = `option-${next}`
      taken.add(id)
    }
    return { row, id, text: bilingual(row.en, row.es) }
  })
}

/**
 * The question a form describes, in the format's shape (not yet checked), the form field of each
 * path within it, and the problems found before the schema can say anything (a number that is
 * not one, a published id changed).
 */
export function questionFromForm(
  form: SaveQuestionForm,
  published: Question | null,
  convention: NumberConvention,
): {
  question: Record<string, unknown>
  fieldOf: (path: Array<string | number>) => string | null
  errors: FieldErrors
} {
  const errors: FieldErrors = {}
  const fail = (field: string, message: string) => (errors[field] = [...(errors[field] ?? []), message])
  const id = published ? published.id : clean(form.id)
  if (published && clean(form.id) && clean(form.id) !== published.id) fail('id', 'studio:quiz.errors.publishedId')
  const question: Record<string, unknown> = {
    id,
    type: form.type,
    prompt: bilingual(form.promptEn, form.promptEs),
    explanation: bilingual(form.explanationEn, form.explanationEs),
  }
  if (clean(form.hintEn) || clean(form.hintEs)) question.hint = bilingual(form.hintEn, form.hintEs)
  // Paths inside the question → the form's fields.
  const lists: Record<string, ReturnType<typeof rowsOf>> = {}
  const fixedIds = (name: 'options' | 'categories' | 'items') => {
    const before = published && name in published ? (published as Record<string, unknown>)[name] : []
    return new Set((before as Array<{ id: string }>).map((o) => o.id))
  }
  const list = (name: 'options' | 'categories' | 'items') => {
    const rows = rowsOf(form[name])
    const fixed = fixedIds(name)
    for (const r of rows)
      if (r.row.was && fixed.has(r.row.was) && r.id !== r.row.was)
        fail(`${name}.${r.row.key}.id`, 'studio:quiz.errors.publishedId')
    lists[name] = rows
    return rows
  }
  const answers = () => (Array.isArray(form.answer) ? form.answer : form.answer ? [form.answer] : [])
  const idOfRow = (rows: ReturnType<typeof rowsOf>, key: string) => rows.find((r) => r.row.key === key)?.id ?? key
  switch (form.type) {
    case 'single':
    case 'multiple': {
      const rows = list('options')
      question.options = rows.map((r) => ({ id: r.id, text: r.text }))
      const chosen = answers().map((key) => idOfRow(rows, key))
      question.answer = form.type === 'single' ? (chosen[0] ?? '') : chosen
      break
    }
    case 'order': {
      const rows = list('options')
      question.options = rows.map((r) => ({ id: r.id, text: r.text }))
      const ranked = rows.map((r, i) => ({
        id: r.id,
        position: Number(clean(r.row.position) || i + 1),
        key: r.row.key,
      }))
      for (const r of ranked)
        if (!Number.isInteger(r.position) || r.position < 1 || r.position > rows.length)
          fail(`options.${r.key}.position`, 'studio:quiz.errors.order')
      question.answer = [...ranked].sort((a, b) => a.position - b.position).map((r) => r.id)
      break
    }
    case 'truefalse':
      if (form.answer !== 'true' && form.answer !== 'false') fail('answer', 'studio:quiz.errors.choose')
      question.answer = form.answer === 'true'
      break
    case 'numeric': {
      const answer = parseLearnerNumber(clean(typeof form.answer === 'string' ? form.answer : ''), convention)
      if (!answer) fail('answer', 'studio:quiz.errors.number')
      question.answer = answer?.value ?? 0
      const tolerance = clean(form.tolerance) ? parseLearnerNumber(clean(form.tolerance), convention) : { value: 0 }
      if (!tolerance) fail('tolerance', 'studio:quiz.errors.number')
      question.tolerance =
        form.toleranceKind === 'relative'
          ? { relative: (tolerance?.value ?? 0) / 100 }
          : { absolute: tolerance?.value ?? 0 }
      if (clean(form.significantFigures)) {
        const figures = Number(clean(form.significantFigures))
        if (!Number.isInteger(figures)) fail('significantFigures', 'studio:quiz.errors.whole')
        question.significantFigures = figures
      }
      if (clean(form.unitEn) || clean(form.unitEs)) question.unit = bilingual(form.unitEn, form.unitEs)
      break
    }
    case 'text':
      question.accept = { en: lines(form.acceptEn), es: lines(form.acceptEs) }
      break
    case 'match': {
      const categories = list('categories')
      const items = list('items')
      question.categories = categories.map((r) => ({ id: r.id, text: r.text }))
      question.items = items.map((r) => ({
        id: r.id,
        text: r.text,
        answer: r.row.answer ? idOfRow(categories, r.row.answer) : '',
      }))
      break
    }
  }
  for (const lang of ['en', 'es'] as const) {
    const suffix = lang === 'en' ? 'En' : 'Es'
    for (const field of ['prompt', 'explanation', 'hint'] as const) {
      const problem = numberProblem((question[field] as Record<Lang, string> | undefined)?.[lang], lang)
      if (problem) fail(`${field}${suffix}`, problem)
    }
    for (const [name, rows] of Object.entries(lists))
      for (const r of rows) {
        const problem = numberProblem(r.text[lang], lang)
        if (problem) fail(`${name}.${r.row.key}.${lang}`, problem)
      }
  }
  const fieldOf = (path: Array<string | number>): string | null => {
    const [first, second, third, fourth] = path
    const suffix = (lang: unknown) => (lang === 'es' ? 'Es' : 'En')
    switch (first) {
      case 'id':
      case 'answer':
      case 'tolerance':
      case 'significantFigures':
        return String(first)
      case 'type':
        return 'type'
      case 'prompt':
      case 'explanation':
      case 'hint':
      case 'unit':
        return `${first}${suffix(second)}`
      case 'accept':
        return `accept${suffix(second)}`
      case 'options':
      case 'categories':
      case 'items': {
        const rows = lists[first] ?? []
        if (typeof second !== 'number' || !rows[second]) return null
        const key = rows[second].row.key
        if (third === 'text') return `${first}.${key}.${fourth === 'es' ? 'es' : 'en'}`
        if (third === 'answer') return `${first}.${key}.answer`
        return `${first}.${key}.id`
      }
      default:
        return null
    }
  }
  return { question, fieldOf, errors }
}

/** Saves one question from its form: the ids that are published stay, the whole quiz is checked. */
export async function saveQuestion(input: {
  courseId: string
  quiz: StudioQuiz
  baseRevision: number
  form: SaveQuestionForm
  convention: NumberConvention
  userId: string
}): Promise<EditResult> {
  const stale = staleOf(input)
  if (stale) return stale
  const { quiz, form } = input
  const index = indexOf(quiz, form.question)
  if (index < 0) return { ok: false, error: 'unknown' }
  const current = quiz.quiz.questions[index]!
  // A question's type is fixed: a form of another type is not this question's.
  if (current.type !== form.type) return { ok: false, error: 'invalid', fields: { '': ['studio:quiz.errors.type'] } }
  const published = quiz.published?.questions.find((q) => q.id === form.question) ?? null
  const { question, fieldOf, errors } = questionFromForm(form, published, input.convention)
  if (Object.values(errors).some((e) => e.includes('studio:quiz.errors.publishedId')))
    return { ok: false, error: 'published-id', fields: errors }
  if (Object.keys(errors).length) return { ok: false, error: 'invalid', fields: errors }
  // A question id another question has: said at this form's id (quizProblems names the second one).
  if (question.id !== form.question && quiz.quiz.questions.some((q) => q.id === question.id))
    return { ok: false, error: 'duplicate', fields: { id: [QUIZ_ERRORS.duplicate.message] } }
  const doc = parseDocument(quiz.text)
  const node = doc.createNode(question) as Node
  tidy(doc, node)
  doc.setIn(['questions', index], node)
  return saveQuiz({
    ...input,
    doc,
    fieldOf: (path) => (path[0] === 'questions' && path[1] === index ? fieldOf(path.slice(2)) : null),
  })
}
