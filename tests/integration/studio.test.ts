// The Studio over real HTTP (issue #18, ADR 034 §3): who may open and save what (anonymous, a
// learner and a trainer not on the course are refused and nothing is saved), drafts with their
// revision (a stale save is a 409 naming who saved and when, nothing overwritten), bad input (a
// translated 4xx that changes nothing), and the preview: code in the lesson is answered with its
// problems and never runs.
import { existsSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getCourse } from '#app/content/catalog.server.ts'
import { stopCompileWorker } from '#app/content/compile-untrusted.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { RATE_LIMITS } from '#app/utils/rate-limit.server.ts'
import { pageClient, serveAppForFile } from '#tests/http.ts'
import { assignCourses, createUser, databaseFingerprint, loginCookie } from '#tests/utils.ts'

const app = serveAppForFile({ catalogue: true, versions: true })
afterAll(() => stopCompileWorker())

const lesson = () => getCourse('iccs')!.modules[0]!.lessons[0]!
const editor = () => `/es/studio/iccs/${lesson().id}`
const FRONTMATTER = '---\ntitle: Una lección\nsummary: De qué trata.\nminutes: 5\n---\n'

let trainer: string
let trainerId: string
let otherTrainer: string
let learner: string
let admin: string
beforeAll(async () => {
  const t = await createUser({ email: 'trainer@aula.example', role: 'trainer', displayName: 'Ana Formadora' })
  // Who teaches a course is its CourseTrainer rows (ADR 034 §2a).
  await assignCourses(t.id, ['iccs'])
  trainer = await loginCookie(t.id)
  trainerId = t.id
  otherTrainer = await loginCookie((await createUser({ role: 'trainer' })).id)
  learner = await loginCookie((await createUser()).id)
  admin = await loginCookie((await createUser({ role: 'admin' })).id)
})

const { get, post } = pageClient(app)

const save = (fields: Partial<Record<'locale' | 'revision' | 'source', string>>, cookie = trainer) =>
  post(editor(), { intent: 'save', locale: 'es', revision: '0', source: `${FRONTMATTER}Texto.\n`, ...fields }, cookie)
const preview = (source: string, cookie = trainer, locale = 'es') =>
  post(`${editor()}/preview`, { locale, convention: locale === 'es' ? 'comma' : 'point', source }, cookie)
const drafts = () => prisma.lessonDraft.findMany({ select: { locale: true, source: true, revision: true } })

test('anonymous, a learner and a trainer not on the course are refused every Studio page and action; nothing is saved', async () => {
  const before = await databaseFingerprint()
  for (const page of ['/es/studio', '/es/studio/iccs', editor()]) {
    const anonymous = await get(page)
    expect(anonymous.status, page).toBe(302)
    expect(anonymous.location, page).toContain('/es/login')
    expect((await get(page, learner)).status, page).toBe(403)
  }
  // A trainer sees the Studio, with no course of theirs; someone else's course is a 403.
  const own = await get('/es/studio', otherTrainer)
  expect(own.status).toBe(200)
  expect(own.text).toContain('Aún no edita ningún curso')
  expect((await get('/es/studio/iccs', otherTrainer)).status).toBe(403)
  expect((await get(editor(), otherTrainer)).status).toBe(403)
  // ('' is no cookie: anonymous.)
  for (const cookie of ['', learner, otherTrainer]) {
    const saved = await save({}, cookie)
    expect([302, 403]).toContain(saved.status)
    const previewed = await preview(`${FRONTMATTER}Texto.\n`, cookie)
    expect([302, 403]).toContain(previewed.status)
    expect(previewed.text).not.toContain('Texto.')
  }
  // A course or lesson that does not exist is a 404 to the trainer.
  expect((await get('/es/studio/no-such-course', trainer)).status).toBe(404)
  expect((await get('/es/studio/iccs/no-such/lesson', trainer)).status).toBe(404)
  expect((await post('/es/studio/iccs/no-such/lesson', { intent: 'save' }, trainer)).status).toBe(404)
  expect(await databaseFingerprint()).toEqual(before)
})

test('a draft is saved with its revision, shown in the editor and the outline, and a stale save is a 409 that overwrites nothing', async () => {
  await prisma.lessonDraft.deleteMany()
  // The editor starts from the published text of each language.
  const first = await get(editor(), trainer)
  expect(first.status).toBe(200)
  expect(first.text).toContain('Aún no hay borrador')
  expect((await get(editor(), admin)).status).toBe(200)

  const saved = await save({ source: `${FRONTMATTER}Primera versión.\n` })
  expect(saved.status).toBe(200)
  expect(await drafts()).toEqual([{ locale: 'es', source: `${FRONTMATTER}Primera versión.\n`, revision: 1 }])
  const reopened = await get(editor(), trainer)
  expect(reopened.text).toContain('Primera versión.')
  expect((await get('/es/studio/iccs', trainer)).text).toContain('Borrador en curso')

  // Another tab still based on revision 0 (no draft): refused, naming who saved and when.
  const stale = await save({ source: `${FRONTMATTER}Otra versión.\n`, revision: '0' }, admin)
  expect(stale.status).toBe(409)
  expect(stale.text).toContain('Ana Formadora guardó esta lección el')
  expect(stale.text).toContain(String(new Date().getUTCFullYear()))
  expect(await drafts()).toEqual([{ locale: 'es', source: `${FRONTMATTER}Primera versión.\n`, revision: 1 }])

  // Based on revision 1: saved as revision 2; then revision 1 again is stale.
  expect((await save({ source: `${FRONTMATTER}Segunda versión.\n`, revision: '1' })).status).toBe(200)
  expect((await save({ source: `${FRONTMATTER}Tercera.\n`, revision: '1' }, admin)).status).toBe(409)
  expect(await drafts()).toEqual([{ locale: 'es', source: `${FRONTMATTER}Segunda versión.\n`, revision: 2 }])
})

test('bad input is a translated 4xx and changes nothing', async () => {
  await prisma.lessonDraft.deleteMany()
  const before = await databaseFingerprint()
  const cases: Array<[string, Partial<Record<'locale' | 'revision' | 'source', string>>, string]> = [
    ['a NUL byte', { source: `${FRONTMATTER}Texto\u0000.\n` }, 'caracteres de control'],
    ['more than 200 KB', { source: FRONTMATTER + 'x'.repeat(200_001) }, 'más de 200 KB'],
    ['200 KB of accented letters (bytes, not characters)', { source: 'á'.repeat(100_001) }, 'más de 200 KB'],
    ['an unknown language', { locale: 'fr' }, ''],
    ['a negative revision', { revision: '-1' }, ''],
    ['a revision that is not a number', { revision: 'dos' }, ''],
  ]
  for (const [label, fields, message] of cases) {
    const refused = await save(fields)
    expect(refused.status, label).toBe(400)
    expect(refused.text, label).toContain('role="alert"')
    if (message) expect(refused.text, label).toContain(message)
    expect(await databaseFingerprint(), label).toEqual(before)
  }
  const badPreview = await preview(`${FRONTMATTER}Texto\u0000.\n`)
  expect(badPreview.status).toBe(400)
  expect(((await JSON.parse(badPreview.text)) as { error: string }).error).toContain('caracteres de control')
})

test('the preview answers bad MDX with its problems at their lines and runs nothing; a good lesson is rendered', async () => {
  const marker = path.join(os.tmpdir(), `aula-studio-marker-${process.pid}`)
  rmSync(marker, { force: true })
  const write = `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "x")`
  const bad = `${FRONTMATTER}Texto.\n\n{${write}}\n\nexport const y = ${write}\n\n<script>{${write}}</script>\n\n[aquí](javascript:alert(1))\n`
  const answer = await preview(bad)
  expect(answer.status).toBe(200)
  const body = JSON.parse(answer.text) as { html: string | null; problems: Array<{ line: number; code: string }> }
  expect(body.html).toBeNull()
  expect(body.problems.map((p) => [p.line, p.code])).toEqual([
    [8, 'expression'],
    [10, 'import-export'],
    [12, 'element'],
    [12, 'expression'],
    [14, 'url-scheme'],
  ])
  expect(existsSync(marker)).toBe(false)

  const good = await preview(
    `${FRONTMATTER}## Una sección\n\nLa <KeyTerm id="${Object.keys(getCourse('iccs')!.glossary)[0]}">clasificación</KeyTerm> tiene <Num value="1234.5" /> casos.\n`,
  )
  const rendered = JSON.parse(good.text) as { html: string; problems: unknown[] }
  expect(rendered.problems).toEqual([])
  expect(rendered.html).toContain('id="section-1"')
  expect(rendered.html).toContain('1.234,5')
  expect(rendered.html).toContain('/es/courses/iccs/glossary')

  // A component the check allows but the compiler refuses: its line and the compiler's message.
  const unknownTerm = JSON.parse((await preview(`${FRONTMATTER}Texto.\n\n<KeyTerm id="nada">x</KeyTerm>\n`)).text) as {
    problems: Array<{ line: number; code: string | null; message: string }>
  }
  expect(unknownTerm.problems).toEqual([{ line: 8, code: null, message: 'KeyTerm id "nada" is not in glossary.yaml' }])
})

test("previews are limited per account (the node's compile worker is shared): over the limit a translated 429, nothing compiled; others unaffected", async () => {
  const key = `studio-preview:${trainerId}`
  const { limit } = RATE_LIMITS.studioPreviewPerAccount
  // The window as one trainer's script would leave it: every preview of the minute used.
  await prisma.rateLimit.upsert({
    where: { key },
    create: { key, windowStart: new Date(), count: limit },
    update: { windowStart: new Date(), count: limit },
  })
  const refused = await preview(`${FRONTMATTER}Texto limitado.\n`)
  expect(refused.status).toBe(429)
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
  const body = JSON.parse(refused.text) as { error: string; html?: string }
  expect(body.error).toMatch(/^Demasiadas vistas previas en poco tiempo: la siguiente, dentro de \d+ s\./)
  expect(body.html).toBeUndefined()
  // Another person on the course is not limited by it.
  const other = await preview(`${FRONTMATTER}Texto de otra persona.\n`, admin)
  expect(other.status).toBe(200)
  await prisma.rateLimit.delete({ where: { key } })
  expect((await preview(`${FRONTMATTER}Texto.\n`)).status).toBe(200)
})
