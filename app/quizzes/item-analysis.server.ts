// Quiz item analysis for trainers, computed in PostgreSQL in ONE query over one compact row per
// learner (QuizLearnerAttempt: each learner's first or best attempt with its per-question results
// and answers as arrays, kept at grading time by a trigger, ADR 033), never the attempts' JSON
// (run in a transaction that raises work_mem for it: `npm run bench -- scale`).
//
// Per question, overall and per language the attempt was taken in:
// - facility: the share of attempts that answered it correctly;
// - discrimination: facility in the upper 27 % of attempts by total score minus facility in the
//   lower 27 % (classical upper-lower index, -1..1; below 0.2 the question separates poorly).
//   The groups are formed among all attempts for "overall", and within the language for a split;
//   ties in score are broken by attempt id so the groups have exactly ceil(27 % × n) attempts;
// - for choice questions (single, multiple, true/false): how often each option was chosen.
// Learners are counted, not attempts (ADR 025): each learner's FIRST attempt (the default view:
// what people knew before any feedback) or each learner's BEST attempt, as two separate views.
// A statistic over fewer than MIN_LEARNERS learners is shown greyed, marked as too few to read
// (two attempts by one learner once gave a discrimination of +1.00). Results of questions no
// longer in the quiz are left out. For numeric questions, the wrong answers as typed ("88,0")
// are counted too (numericWrongAnswers, a second query over the same rows).
//
// Language gap (likely translation problem): facility in en and es differs by at least
// LANGUAGE_GAP (0.20) and each language has at least LANGUAGE_GAP_MIN_ATTEMPTS (30) attempts.
import { z } from 'zod'
import { type QuizFile } from '#app/content/schema.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import { LANGS } from '#app/utils/i18n.ts'

export const GROUP_SHARE = 0.27
export const LANGUAGE_GAP = 0.2
export const LANGUAGE_GAP_MIN_ATTEMPTS = 30
/** Below this many learners a question's facility and discrimination are shown as unreliable. */
export const MIN_LEARNERS = 30
/** The wrong answers listed per numeric question, most frequent first. */
export const WRONG_ANSWERS_SHOWN = 10
export const ITEM_VIEWS = ['first', 'best'] as const
export type ItemView = (typeof ITEM_VIEWS)[number]
const LOCALES = LANGS
type Locale = (typeof LOCALES)[number]

export type ItemStats = {
  /** learners who answered the question (one attempt each, per the view) */
  attempts: number
  /** at least MIN_LEARNERS learners: facility and discrimination can be read */
  reliable: boolean
  correct: number
  facility: number | null
  discrimination: number | null
  /** option id → times chosen (choice questions only) */
  options: Record<string, number>
}

export type ItemAnalysis = {
  attempts: { all: number; en: number; es: number }
  questions: Array<{
    id: string
    type: QuizFile['questions'][number]['type']
    overall: ItemStats
    byLocale: Record<Locale, ItemStats>
    /** the facility difference es − en when it meets the language-gap rule, else null */
    languageGap: number | null
    /** numeric questions: wrong answers as typed, most frequent first */
    wrongAnswers: Array<{ answer: string; count: number }>
  }>
}

const Row = z.object({
  locale: z.enum(LOCALES),
  n: z.coerce.number(),
  grp: z.enum(['U', 'L']).nullable(),
  lgrp: z.enum(['U', 'L']).nullable(),
  v: z.array(z.coerce.number()),
})
type Row = z.infer<typeof Row>

const CHOICE = new Set(['single', 'multiple', 'truefalse'])

/** What each element of the query's `v` array counts, in order. */
type Cell = { question: string; kind: 'present' | 'correct' } | { question: string; kind: 'option'; option: string }

function optionIds(question: QuizFile['questions'][number]): string[] {
  if (question.type === 'single' || question.type === 'multiple') return question.options.map((o) => o.id)
  if (question.type === 'truefalse') return ['true', 'false']
  return []
}

/**
 * One attempt per learner, the first or the best (highest score, then the earliest), as the trigger
 * of the migration 20261203090000_item_analysis_aggregates keeps them in QuizLearnerAttempt (ADR
 * 033): its language, score and item arrays (question ids, right or not, answers as text, in the
 * order of its results). Read by the table's primary key (course, quiz, view).
 */
function attemptsOf(courseId: string, quizId: string, view: ItemView): Prisma.Sql {
  return Prisma.sql`(SELECT "attemptId" AS id, locale, score, "itemIds", "itemCorrect", "itemAnswers"
      FROM "QuizLearnerAttempt"
      WHERE "courseId" = ${courseId} AND "quizId" = ${quizId} AND view = ${view}::"ItemView")`
}

const WrongRow = z.object({ question: z.string(), answer: z.string(), n: z.coerce.number() })

/** Numeric questions: how many learners typed each wrong answer (as typed, trimmed). */
async function numericWrongAnswers(courseId: string, quiz: QuizFile, view: ItemView) {
  const numeric = quiz.questions.filter((q) => q.type === 'numeric').map((q) => q.id)
  const byQuestion = new Map<string, Array<{ answer: string; count: number }>>()
  if (!numeric.length) return byQuestion
  const rows = await prisma.$queryRaw<unknown[]>`
    SELECT r.question, btrim(r.answer) AS answer, count(*)::int AS n
    FROM ${attemptsOf(courseId, quiz.id, view)} a,
         unnest(a."itemIds", a."itemCorrect", a."itemAnswers") AS r(question, correct, answer)
    WHERE r.question IN (${Prisma.join(numeric)}) AND NOT r.correct AND r.answer <> ''
    GROUP BY 1, 2
    ORDER BY 3 DESC, 2`
  for (const row of rows.map((r) => WrongRow.parse(r))) {
    const list = byQuestion.get(row.question) ?? []
    if (list.length < WRONG_ANSWERS_SHOWN) list.push({ answer: row.answer, count: row.n })
    byQuestion.set(row.question, list)
  }
  return byQuestion
}

export async function itemAnalysis(courseId: string, quiz: QuizFile, view: ItemView = 'first'): Promise<ItemAnalysis> {
  // Each attempt becomes ONE row with a 1/0/NULL per question and the answers as text, in today's
  // question order (no row per answer), read from the item arrays stored at grading time (no
  // JSON). The attempts are then grouped by language and by upper/lower 27 % (overall, and within
  // the language), and every count is a sum over those few groups.
  const cells: Cell[] = []
  const sums: Prisma.Sql[] = []
  const results: Prisma.Sql[] = []
  const chosen: Prisma.Sql[] = []
  quiz.questions.forEach((q, i) => {
    const k = Prisma.raw(String(i + 1))
    // Where the question is in an attempt of another version (or results in another order): its
    // place in the attempt's item arrays, NULL when the attempt does not have it (absent).
    const at = Prisma.sql`array_position(a."itemIds", ${q.id})`
    // Per attempt and question: 1 right, 0 wrong, NULL not in the attempt.
    results.push(Prisma.sql`a."itemCorrect"[${at}]::int`)
    // The answer (answers ->> id): 'b' or 'true' (single, true/false), or '["a", "c"]' (multiple:
    // option ids are slugs, so '"a"' inside it is exactly option a being chosen).
    chosen.push(CHOICE.has(q.type) ? Prisma.sql`a."itemAnswers"[${at}]` : Prisma.sql`NULL`)
    cells.push({ question: q.id, kind: 'present' }, { question: q.id, kind: 'correct' })
    sums.push(Prisma.sql`count(r[${k}])`, Prisma.sql`sum(r[${k}])`)
    for (const option of optionIds(q)) {
      cells.push({ question: q.id, kind: 'option', option })
      sums.push(
        q.type === 'multiple'
          ? Prisma.sql`count(*) FILTER (WHERE strpos(ans[${k}], ${JSON.stringify(option)}) > 0)`
          : Prisma.sql`count(*) FILTER (WHERE ans[${k}] = ${option})`,
      )
    }
  })
  // The attempts that answered today's questions in today's order (gradeQuiz writes results in
  // question order): their stored arrays are used as they are.
  const current = Prisma.sql`a."itemIds" = ARRAY[${Prisma.join(quiz.questions.map((q) => q.id))}]::text[]`
  // A constant, written into the SQL (a bound parameter would be typed as the count's bigint).
  const share = Prisma.raw(String(GROUP_SHARE))
  // The window sort carries narrow rows (id, score, two small arrays: ~5 MB for 20,000 learners),
  // just over the default work_mem: it is raised for this query alone so they sort in memory.
  // The numeric wrong answers are counted meanwhile, on another connection.
  const [wrongAnswers, rows] = await Promise.all([
    numericWrongAnswers(courseId, quiz, view),
    prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL work_mem = '64MB'`
      // Compiling this one-off query costs more than it saves.
      await tx.$executeRaw`SET LOCAL jit = off`
      return tx.$queryRaw<unknown[]>`
    WITH f AS MATERIALIZED (
      SELECT a.id, a.locale, a.score,
             CASE WHEN ${current} THEN a."itemCorrect"::int[] ELSE ARRAY[${Prisma.join(results)}]::int[] END AS r,
             CASE WHEN ${current} THEN a."itemAnswers" ELSE ARRAY[${Prisma.join(chosen)}]::text[] END AS ans
      FROM ${attemptsOf(courseId, quiz.id, view)} a
    ), w AS (
      -- One sort: the rank within the language is a running count of that language's attempts.
      SELECT f.*,
             count(*) OVER () AS n_all,
             row_number() OVER o AS rn_all,
             CASE WHEN locale = 'en' THEN count(*) FILTER (WHERE locale = 'en') OVER () ELSE count(*) FILTER (WHERE locale = 'es') OVER () END AS n_loc,
             CASE WHEN locale = 'en' THEN count(*) FILTER (WHERE locale = 'en') OVER o ELSE count(*) FILTER (WHERE locale = 'es') OVER o END AS rn_loc
      FROM f
      WINDOW o AS (ORDER BY score, id COLLATE "C" ROWS UNBOUNDED PRECEDING)
    ), g AS MATERIALIZED (
      -- Materialised: inlined, every r[k] and ans[k] below would rebuild its whole array.
      SELECT locale::text AS locale, r, ans,
             CASE WHEN rn_all <= ceil(n_all * ${share}) THEN 'L' WHEN rn_all > n_all - ceil(n_all * ${share}) THEN 'U' END AS grp,
             CASE WHEN rn_loc <= ceil(n_loc * ${share}) THEN 'L' WHEN rn_loc > n_loc - ceil(n_loc * ${share}) THEN 'U' END AS lgrp
      FROM w
    )
    SELECT locale, grp, lgrp, count(*)::int AS n, ARRAY[${Prisma.join(sums)}]::int[] AS v
    FROM g GROUP BY locale, grp, lgrp`
    }),
  ])
  const analysis = summarise(
    quiz,
    cells,
    rows.map((r) => Row.parse(r)),
  )
  for (const q of analysis.questions) q.wrongAnswers = wrongAnswers.get(q.id) ?? []
  return analysis
}

function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null
}

type Counts = { n: number; c: number; nu: number; cu: number; nl: number; cl: number }

function stats(counts: Counts, options: Record<string, number>): ItemStats {
  const upper = ratio(counts.cu, counts.nu)
  const lower = ratio(counts.cl, counts.nl)
  return {
    attempts: counts.n,
    reliable: counts.n >= MIN_LEARNERS,
    correct: counts.c,
    facility: ratio(counts.c, counts.n),
    discrimination: upper === null || lower === null ? null : upper - lower,
    options,
  }
}

export function summarise(quiz: QuizFile, cells: Cell[], rows: Row[]): ItemAnalysis {
  const index = new Map(
    cells.map((cell, i) => [`${cell.question}:${cell.kind}:${'option' in cell ? cell.option : ''}`, i]),
  )
  const sum = (question: string, kind: string, option: string, keep: (row: Row) => boolean) =>
    rows.filter(keep).reduce((n, row) => n + (row.v[index.get(`${question}:${kind}:${option}`)!] ?? 0), 0)
  const questions = quiz.questions.map((q) => {
    const counts = (inScope: (row: Row) => boolean, group: (row: Row) => 'U' | 'L' | null): Counts => {
      const of = (kind: 'present' | 'correct', g?: 'U' | 'L') =>
        sum(q.id, kind, '', (row) => inScope(row) && (g === undefined || group(row) === g))
      return {
        n: of('present'),
        c: of('correct'),
        nu: of('present', 'U'),
        cu: of('correct', 'U'),
        nl: of('present', 'L'),
        cl: of('correct', 'L'),
      }
    }
    const options = (inScope: (row: Row) => boolean) =>
      Object.fromEntries(optionIds(q).map((o) => [o, sum(q.id, 'option', o, inScope)]))
    const all = () => true
    const lang = (l: Locale) => (row: Row) => row.locale === l
    const overall = stats(
      counts(all, (row) => row.grp),
      options(all),
    )
    const en = stats(
      counts(lang('en'), (row) => row.lgrp),
      options(lang('en')),
    )
    const es = stats(
      counts(lang('es'), (row) => row.lgrp),
      options(lang('es')),
    )
    const gap =
      en.facility !== null &&
      es.facility !== null &&
      en.attempts >= LANGUAGE_GAP_MIN_ATTEMPTS &&
      es.attempts >= LANGUAGE_GAP_MIN_ATTEMPTS &&
      Math.abs(es.facility - en.facility) >= LANGUAGE_GAP - 1e-9
        ? es.facility - en.facility
        : null
    return { id: q.id, type: q.type, overall, byLocale: { en, es }, languageGap: gap, wrongAnswers: [] }
  })
  const attempts = { en: 0, es: 0, all: 0 }
  for (const row of rows) attempts[row.locale] += row.n
  attempts.all = attempts.en + attempts.es
  return { attempts, questions }
}
