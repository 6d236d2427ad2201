// Quiz item analysis for trainers, computed in PostgreSQL in ONE query over every stored attempt
// of a quiz (100,000 attempts in well under a second: `npm run bench -- scale`).
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
import { Prisma } from '#app/generated/prisma/client.ts'
import { type QuizFile } from '#app/content/schema.ts'
import { prisma } from '#app/utils/db.server.ts'

export const GROUP_SHARE = 0.27
export const LANGUAGE_GAP = 0.2
export const LANGUAGE_GAP_MIN_ATTEMPTS = 30
const LOCALES = ['en', 'es'] as const
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

const StatRow = z.object({
  kind: z.literal('q'),
  qid: z.string(),
  locale: z.enum(LOCALES),
  n: z.coerce.number(),
  c: z.coerce.number(),
  nu: z.coerce.number(),
  cu: z.coerce.number(),
  nl: z.coerce.number(),
  cl: z.coerce.number(),
  lnu: z.coerce.number(),
  lcu: z.coerce.number(),
  lnl: z.coerce.number(),
  lcl: z.coerce.number(),
})
const OptionRow = z.object({ kind: z.literal('o'), qid: z.string(), locale: z.enum(LOCALES), opt: z.string(), n: z.coerce.number() })
const Row = z.discriminatedUnion('kind', [StatRow, OptionRow])

const CHOICE = new Set(['single', 'multiple', 'truefalse'])

export async function itemAnalysis(courseId: string, quiz: QuizFile): Promise<ItemAnalysis> {
  const choiceIds = quiz.questions.filter((q) => CHOICE.has(q.type)).map((q) => q.id)
  // results is stored as an array of { id, correct, score, … } (gradeQuiz); an object keyed by
  // question id is read too. Served by the index QuizAttempt(courseId, quizId).
  // A constant, written into the SQL (a bound parameter would be typed as the count's bigint).
  const share = Prisma.raw(String(GROUP_SHARE))
  const rows = await prisma.$queryRaw<unknown[]>`
    WITH a AS (
      SELECT id, locale::text AS locale, score, answers, results,
             count(*) OVER () AS n_all,
             row_number() OVER (ORDER BY score, id) AS rn_all,
             count(*) OVER (PARTITION BY locale) AS n_loc,
             row_number() OVER (PARTITION BY locale ORDER BY score, id) AS rn_loc
      FROM "QuizAttempt"
      WHERE "courseId" = ${courseId} AND "quizId" = ${quiz.id}
    ), g AS (
      SELECT id, locale, answers, results,
             CASE WHEN rn_all <= ceil(n_all * ${share}) THEN 'L' WHEN rn_all > n_all - ceil(n_all * ${share}) THEN 'U' END AS grp,
             CASE WHEN rn_loc <= ceil(n_loc * ${share}) THEN 'L' WHEN rn_loc > n_loc - ceil(n_loc * ${share}) THEN 'U' END AS lgrp
      FROM a
    ), items AS MATERIALIZED (
      SELECT g.locale, g.grp, g.lgrp, r.qid, r.correct, g.answers -> r.qid AS answer
      FROM g CROSS JOIN LATERAL (
        SELECT e ->> 'id' AS qid, coalesce((e ->> 'correct')::boolean, false) AS correct
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(g.results) = 'array' THEN g.results ELSE '[]'::jsonb END) e
        UNION ALL
        SELECT k, coalesce((v ->> 'correct')::boolean, false)
        FROM jsonb_each(CASE WHEN jsonb_typeof(g.results) = 'object' THEN g.results ELSE '{}'::jsonb END) AS o(k, v)
      ) r
    )
    SELECT 'q' AS kind, qid, locale, NULL AS opt,
           count(*) AS n, count(*) FILTER (WHERE correct) AS c,
           count(*) FILTER (WHERE grp = 'U') AS nu, count(*) FILTER (WHERE grp = 'U' AND correct) AS cu,
           count(*) FILTER (WHERE grp = 'L') AS nl, count(*) FILTER (WHERE grp = 'L' AND correct) AS cl,
           count(*) FILTER (WHERE lgrp = 'U') AS lnu, count(*) FILTER (WHERE lgrp = 'U' AND correct) AS lcu,
           count(*) FILTER (WHERE lgrp = 'L') AS lnl, count(*) FILTER (WHERE lgrp = 'L' AND correct) AS lcl
    FROM items GROUP BY qid, locale
    UNION ALL
    SELECT 'o', qid, locale, opt, count(*), 0, 0, 0, 0, 0, 0, 0, 0, 0
    FROM items CROSS JOIN LATERAL jsonb_array_elements_text(
      CASE jsonb_typeof(answer) WHEN 'array' THEN answer WHEN 'string' THEN jsonb_build_array(answer) ELSE '[]'::jsonb END
    ) AS opt
    WHERE qid = ANY(${choiceIds})
    GROUP BY qid, locale, opt`
  return summarise(quiz, rows.map((r) => Row.parse(r)))
}

function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null
}

type Counts = { n: number; c: number; nu: number; cu: number; nl: number; cl: number }
const empty = (): Counts => ({ n: 0, c: 0, nu: 0, cu: 0, nl: 0, cl: 0 })

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

export function summarise(quiz: QuizFile, rows: Array<z.infer<typeof Row>>): ItemAnalysis {
  const attempts = { all: 0, en: 0, es: 0 }
  const questions = quiz.questions.map((q) => {
    const overall = empty()
    const byLocale = { en: empty(), es: empty() }
    const options = { all: {} as Record<string, number>, en: {} as Record<string, number>, es: {} as Record<string, number> }
    if (q.type === 'single' || q.type === 'multiple') for (const o of q.options) for (const k of ['all', 'en', 'es'] as const) options[k][o.id] = 0
    if (q.type === 'truefalse') for (const k of ['all', 'en', 'es'] as const) Object.assign(options[k], { true: 0, false: 0 })
    for (const row of rows) {
      if (row.qid !== q.id) continue
      if (row.kind === 'q') {
        overall.n += row.n
        overall.c += row.c
        overall.nu += row.nu
        overall.cu += row.cu
        overall.nl += row.nl
        overall.cl += row.cl
        Object.assign(byLocale[row.locale], { n: row.n, c: row.c, nu: row.lnu, cu: row.lcu, nl: row.lnl, cl: row.lcl })
      } else if (row.opt in options.all) {
        options.all[row.opt]! += row.n
        options[row.locale][row.opt] = (options[row.locale][row.opt] ?? 0) + row.n
      }
    }
    const en = stats(byLocale.en, options.en)
    const es = stats(byLocale.es, options.es)
    const gap =
      en.facility !== null && es.facility !== null && en.attempts >= LANGUAGE_GAP_MIN_ATTEMPTS && es.attempts >= LANGUAGE_GAP_MIN_ATTEMPTS && Math.abs(es.facility - en.facility) >= LANGUAGE_GAP - 1e-9
        ? es.facility - en.facility
        : null
    return { id: q.id, type: q.type, overall: stats(overall, options.all), byLocale: { en, es }, languageGap: gap }
  })
  // Attempts per language: the largest question count (every attempt answers every question).
  for (const q of questions) {
    attempts.en = Math.max(attempts.en, q.byLocale.en.attempts)
    attempts.es = Math.max(attempts.es, q.byLocale.es.attempts)
  }
  attempts.all = attempts.en + attempts.es
  return { attempts, questions }
}
