// Quiz item analysis for trainers, computed in PostgreSQL in ONE query over every stored attempt
// of a quiz (run in a transaction that raises work_mem for it; 100,000 attempts in about 0.8 s on
// a busy 2-core machine: `npm run bench -- scale`).
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
// are counted too (numericWrongAnswers, a second query over the same attempts).
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

/** One attempt per learner: the first, or the best (highest score, then the earliest). */
function attemptsOf(courseId: string, quizId: string, view: ItemView): Prisma.Sql {
  const order =
    view === 'first'
      ? Prisma.sql`a."userId", a."createdAt", a.id`
      : Prisma.sql`a."userId", a.score DESC, a."createdAt", a.id`
  return Prisma.sql`(SELECT DISTINCT ON (a."userId") a.id, a.locale, a.score, a.answers, a.results
      FROM "QuizAttempt" a
      WHERE a."courseId" = ${courseId} AND a."quizId" = ${quizId}
      ORDER BY ${order})`
}

const WrongRow = z.object({ question: z.string(), answer: z.string(), n: z.coerce.number() })

/** Numeric questions: how many learners typed each wrong answer (as typed, trimmed). */
async function numericWrongAnswers(courseId: string, quiz: QuizFile, view: ItemView) {
  const numeric = quiz.questions.filter((q) => q.type === 'numeric').map((q) => q.id)
  const byQuestion = new Map<string, Array<{ answer: string; count: number }>>()
  if (!numeric.length) return byQuestion
  const rows = await prisma.$queryRaw<unknown[]>`
    SELECT r.value ->> 'id' AS question, btrim(a.answers ->> (r.value ->> 'id')) AS answer, count(*)::int AS n
    FROM ${attemptsOf(courseId, quiz.id, view)} a, jsonb_array_elements(a.results) r
    WHERE jsonb_typeof(a.results) = 'array' AND r.value ->> 'id' IN (${Prisma.join(numeric)})
      AND (r.value ->> 'correct')::boolean = false AND a.answers ->> (r.value ->> 'id') IS NOT NULL
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
  // Each attempt becomes ONE row with a boolean per question (no row per answer): results is an
  // array of { id, correct, … } (gradeQuiz), read by containment, which also accepts an object
  // keyed by question id. The attempts are then grouped by language and by upper/lower 27 %
  // (overall, and within the language), and every count is a sum over those few groups.
  // Served by the index QuizAttempt(courseId, quizId).
  const cells: Cell[] = []
  const sums: Prisma.Sql[] = []
  const results: Prisma.Sql[] = []
  const chosen: Prisma.Sql[] = [Prisma.sql`NULL`]
  quiz.questions.forEach((q, i) => {
    const k = Prisma.raw(String(i + 1))
    // Per attempt and question: 1 right, 0 wrong, NULL not in the attempt. Fast path: gradeQuiz
    // stores results in question order, so element i is read by path (several times cheaper than
    // containment); any other layout (an older version, an object by id) falls back to containment.
    const path = (key: string) => Prisma.raw(`'{${i},${key}}'`)
    results.push(Prisma.sql`CASE WHEN a.results #>> ${path('id')} = ${q.id} THEN (a.results #>> ${path('correct')})::boolean::int
      WHEN a.results @> ${JSON.stringify([{ id: q.id, correct: true }])}::jsonb OR a.results @> ${JSON.stringify({ [q.id]: { correct: true } })}::jsonb THEN 1
      WHEN a.results @> ${JSON.stringify([{ id: q.id }])}::jsonb OR jsonb_exists(a.results, ${q.id}) THEN 0 END`)
    cells.push({ question: q.id, kind: 'present' }, { question: q.id, kind: 'correct' })
    sums.push(Prisma.sql`count(r[${k}])`, Prisma.sql`sum(r[${k}])`)
    if (!CHOICE.has(q.type)) return
    // The answer, once per attempt: 'b' or 'true' (single, true/false), or '["a", "c"]'
    // (multiple: option ids are slugs, so '"a"' inside it is exactly option a being chosen).
    chosen.push(q.type === 'multiple' ? Prisma.sql`(a.answers -> ${q.id})::text` : Prisma.sql`a.answers ->> ${q.id}`)
    const j = Prisma.raw(String(chosen.length))
    for (const option of optionIds(q)) {
      cells.push({ question: q.id, kind: 'option', option })
      sums.push(
        q.type === 'multiple'
          ? Prisma.sql`count(*) FILTER (WHERE strpos(ans[${j}], ${JSON.stringify(option)}) > 0)`
          : Prisma.sql`count(*) FILTER (WHERE ans[${j}] = ${option})`,
      )
    }
  })
  // A constant, written into the SQL (a bound parameter would be typed as the count's bigint).
  const share = Prisma.raw(String(GROUP_SHARE))
  // The flags are computed while scanning, so the two window sorts carry narrow rows (id, score,
  // three small arrays: ~20 MB for 100,000 attempts); work_mem is raised for this query alone so
  // they sort in memory instead of spilling the attempts to disk (3 s -> under 1 s).
  const rows = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL work_mem = '64MB'`
    // Compiling this one-off query costs more than it saves.
    await tx.$executeRaw`SET LOCAL jit = off`
    return tx.$queryRaw<unknown[]>`
    WITH f AS MATERIALIZED (
      SELECT a.id, a.locale, a.score,
             ARRAY[${Prisma.join(results)}]::int[] AS r,
             ARRAY[${Prisma.join(chosen)}]::text[] AS ans
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
  })
  const wrong = await numericWrongAnswers(courseId, quiz, view)
  const analysis = summarise(
    quiz,
    cells,
    rows.map((r) => Row.parse(r)),
  )
  for (const q of analysis.questions) q.wrongAnswers = wrong.get(q.id) ?? []
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
