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
// Every attempt counts, retakes included (a retake follows feedback, so it is usually easier;
// this affects both languages alike). Results of questions no longer in the quiz are left out.
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
const LOCALES = LANGS
type Locale = (typeof LOCALES)[number]

export type ItemStats = {
  attempts: number
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

export async function itemAnalysis(courseId: string, quiz: QuizFile): Promise<ItemAnalysis> {
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
      FROM "QuizAttempt" a
      WHERE a."courseId" = ${courseId} AND a."quizId" = ${quiz.id}
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
  return summarise(
    quiz,
    cells,
    rows.map((r) => Row.parse(r)),
  )
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
    return { id: q.id, type: q.type, overall, byLocale: { en, es }, languageGap: gap }
  })
  const attempts = { en: 0, es: 0, all: 0 }
  for (const row of rows) attempts[row.locale] += row.n
  attempts.all = attempts.en + attempts.es
  return { attempts, questions }
}
