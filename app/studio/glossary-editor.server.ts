// The Studio's glossary editor (ADR 034 §3e): glossary.yaml's terms as a trainer edits them, one term
// per form. Each change reads the file as the Studio sees it (its draft, else the published one),
// applies the change, writes the file back in the course format's style (the header comment kept,
// one line `{ term, definition }` per language), checks it with the loader's own reader and schema
// (readYaml + GlossarySchema) and saves it as a file draft carrying the revision the page showed.
import { Document, Scalar, visit } from 'yaml'
import { z } from 'zod'
import { readYaml, type CourseSource, type Problem } from '#app/content/load.server.ts'
import { GlossarySchema, SLUG, type Glossary } from '#app/content/schema.ts'
import { type ErrorTable } from '#app/utils/domain-errors.server.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { MAX_DEFINITION_LENGTH, MAX_TERM_LENGTH } from '#app/utils/limits.ts'
import { FORM_ERROR, intent, textSchema } from '#app/utils/validation.ts'
import { RevisionSchema } from './drafts.server.ts'
import { maxStudioFileBytes, readCourseFile, saveFileDraft } from './file-drafts.server.ts'
import { lessonUses } from './lesson-uses.server.ts'

export const GLOSSARY_FILE = 'glossary.yaml'
const MAX_TERM_ID_LENGTH = 80

const TermId = z
  .string({ required_error: 'validation:required', invalid_type_error: 'validation:invalid' })
  .trim()
  .min(1, 'validation:required')
  .max(MAX_TERM_ID_LENGTH, 'studio:glossary.errors.id')
  .regex(SLUG, 'studio:glossary.errors.id')
// The id of a term the page showed (a hidden field): a wrong one is the form's error.
const ShownTermId = z
  .string({ required_error: FORM_ERROR, invalid_type_error: FORM_ERROR })
  .max(MAX_TERM_ID_LENGTH, FORM_ERROR)
  .regex(SLUG, FORM_ERROR)
const Term = textSchema(MAX_TERM_LENGTH)
const Definition = textSchema(MAX_DEFINITION_LENGTH)
const entryFields = { termEn: Term, definitionEn: Definition, termEs: Term, definitionEs: Definition }

export const AddTermSchema = z.object({
  intent: intent('add-term'),
  revision: RevisionSchema,
  id: TermId,
  ...entryFields,
})
export const EditTermSchema = z.object({
  intent: intent('edit-term'),
  revision: RevisionSchema,
  id: ShownTermId,
  ...entryFields,
})
export const DeleteTermSchema = z.object({ intent: intent('delete-term'), revision: RevisionSchema, id: ShownTermId })

export type GlossaryError = 'stale' | 'duplicate' | 'unknown' | 'used' | 'invalid' | 'too-large'
export const GLOSSARY_ERRORS: ErrorTable<GlossaryError> = {
  stale: { status: 409, message: 'studio:files.errors.stale' },
  duplicate: { status: 400, message: 'studio:glossary.errors.duplicate' },
  unknown: { status: 404, message: 'studio:glossary.errors.unknown' },
  used: { status: 409, message: 'studio:glossary.errors.used' },
  invalid: { status: 400, message: 'studio:glossary.errors.invalid' },
  'too-large': { status: 400, message: 'studio:glossary.errors.tooLarge' },
}

export type GlossaryFile = {
  glossary: Glossary
  /** The file's text ('' when the course has no glossary yet). */
  text: string
  revision: number
  draft: boolean
  updatedAt: Date | null
  updatedBy: string | null
}

/** The glossary as the Studio sees it: its draft, else the published file. */
export async function readGlossary(courseId: string): Promise<GlossaryFile> {
  const file = await readCourseFile(courseId, GLOSSARY_FILE)
  const text = file.bytes?.toString('utf8') ?? ''
  const problems: Problem[] = []
  // The published file passed the build; a draft passed this module's check before it was saved.
  const glossary = text ? readYaml(GLOSSARY_FILE, text, GlossarySchema, problems) : {}
  if (!glossary) throw new Error(`${courseId}/${GLOSSARY_FILE} does not read: ${problems[0]?.message}`)
  return {
    glossary,
    text,
    revision: file.revision,
    draft: file.draft,
    updatedAt: file.updatedAt,
    updatedBy: file.updatedBy,
  }
}

/**
 * glossary.yaml's text for `glossary`, in the course format's style: the header comment of `before`
 * kept, a term per id with its `en` and `es` on one line each, every string double-quoted.
 */
export function glossaryText(before: string, glossary: Glossary): string {
  const doc = new Document(glossary)
  visit(doc, {
    Map(_, node, path) {
      // The top map's values (path: document, pair, map) stay block; each language's entry is a flow map.
      if (path.length >= 4) node.flow = true
    },
    Pair(_, pair, path) {
      if (path.length >= 6 && pair.value instanceof Scalar) pair.value.type = 'QUOTE_DOUBLE'
    },
  })
  // The comment lines the file starts with (what the glossary is, where its terms come from).
  const header = /^(?:#[^\n]*\n)*/.exec(before.replace(/\r\n?/g, '\n'))![0]
  return header + doc.toString({ lineWidth: 0, flowCollectionPadding: true })
}

export type GlossaryChange =
  { kind: 'add' | 'edit'; id: string; entry: Glossary[string] } | { kind: 'delete'; id: string }

export type GlossaryResult =
  | { ok: true; revision: number }
  | { ok: false; error: Exclude<GlossaryError, 'stale' | 'used'> }
  | { ok: false; error: 'stale'; by: string | null; at: Date }
  | { ok: false; error: 'used'; lessons: string[] }

/**
 * Applies one change to the course's glossary and saves it as a draft if `baseRevision` is still the
 * draft's revision. A term a lesson uses (published or a draft) cannot be deleted; ids never change.
 */
export async function changeGlossary(input: {
  source: CourseSource
  lang: Lang
  change: GlossaryChange
  baseRevision: number
  userId: string
}): Promise<GlossaryResult> {
  const { source, change, baseRevision } = input
  const courseId = source.slug
  const current = await readGlossary(courseId)
  if (current.revision !== baseRevision)
    return { ok: false, error: 'stale', by: current.updatedBy, at: current.updatedAt ?? new Date() }
  const exists = Object.hasOwn(current.glossary, change.id)
  if (change.kind === 'add' && exists) return { ok: false, error: 'duplicate' }
  if (change.kind !== 'add' && !exists) return { ok: false, error: 'unknown' }
  const glossary: Glossary = { ...current.glossary }
  if (change.kind === 'delete') {
    const users = (await lessonUses(source, input.lang)).terms.get(change.id)
    if (users?.size) return { ok: false, error: 'used', lessons: [...users].sort() }
    delete glossary[change.id]
  } else {
    glossary[change.id] = change.entry
  }
  const text = glossaryText(current.text, glossary)
  // The loader's own reading of the file: what the publish's build will read.
  if (!readYaml(GLOSSARY_FILE, text, GlossarySchema, [])) return { ok: false, error: 'invalid' }
  // The largest YAML file the Studio stores (file-drafts.server.ts).
  if (Buffer.byteLength(text, 'utf8') > maxStudioFileBytes(GLOSSARY_FILE)) return { ok: false, error: 'too-large' }
  const saved = await saveFileDraft({
    courseId,
    path: GLOSSARY_FILE,
    bytes: Buffer.from(text, 'utf8'),
    baseRevision,
    userId: input.userId,
  })
  if (!saved.ok) return { ok: false, error: 'stale', by: saved.by, at: saved.at }
  return { ok: true, revision: saved.revision }
}
