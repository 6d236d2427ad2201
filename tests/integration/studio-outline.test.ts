// The Studio's outline over real HTTP (issue #18, ADR 034 §3b): a lesson added in the browser in both
// languages and moved to the top of its module goes through the review to a new version, with the
// old lessons' ids (and a learner's progress on them) kept; a position that does not exist, a bad
// or taken slug, a stale outline and another course's trainer are refused and change nothing.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { stopCompileWorker } from '#app/content/compile-untrusted.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { closeJobQueue, runJobsUntilIdle } from '#app/jobs/runner.server.ts'
import { courseProgress } from '#app/progress/progress.server.ts'
import { studioCourseSource } from '#app/studio/studio.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { pageClient, serveAppForFile } from '#tests/http.ts'
import { assignCourses, createUser, databaseFingerprint, loginCookie } from '#tests/utils.ts'

const app = serveAppForFile({ catalogue: true, versions: true })
afterAll(async () => {
  await stopCompileWorker()
  await closeJobQueue()
})

// A course the other Studio tests do not submit.
const COURSE = 'un-cts'
const MODULE = 'the-survey'
const outlinePage = `/es/studio/${COURSE}`

let trainer: { id: string; cookie: string }
let otherCourseTrainer: string
let learner: { id: string; cookie: string }
let admin: { id: string; cookie: string }
beforeAll(async () => {
  const person = async (role: 'trainer' | 'admin' | 'learner', courses: string[], displayName: string) => {
    const user = await createUser({ role, displayName })
    if (courses.length) await assignCourses(user.id, courses)
    return { id: user.id, cookie: await loginCookie(user.id) }
  }
  trainer = await person('trainer', [COURSE], 'Ana Formadora')
  otherCourseTrainer = (await person('trainer', ['iccs'], 'Otra Persona')).cookie
  learner = await person('learner', [], 'Lea Alumna')
  admin = await person('admin', [], 'Ada Administradora')
})

const { get, post } = pageClient(app)

const outlineRevision = async () =>
  (await prisma.courseOutlineDraft.findUnique({ where: { courseId: COURSE }, select: { revision: true } }))?.revision ??
  0

const current = async () =>
  (
    await prisma.course.findUniqueOrThrow({
      where: { id: COURSE },
      select: { currentVersion: { select: { number: true, manifest: true, sourceFiles: true } } },
    })
  ).currentVersion!

test("bad input, a position that does not exist, a stale outline and another course's trainer are refused: nothing saved", async () => {
  const source = await studioCourseSource(COURSE)
  const [first, second] = source.modules[0]!.lessons
  const fingerprint = await databaseFingerprint()
  const add = { intent: 'add-lesson', revision: '0', module: MODULE, slug: 'nueva', titleEn: 'New', titleEs: 'Nueva' }
  const moveLesson = { intent: 'move-lesson', revision: '0', module: MODULE, lesson: second!.slug, position: '1' }
  const moveModule = { intent: 'move-module', revision: '0', module: MODULE, position: '2' }
  const addModule = {
    intent: 'add-module',
    revision: '0',
    slug: 'recording-victims',
    titleEn: 'Recording victims',
    titleEs: 'Registro de víctimas',
    summaryEn: 'How victims are recorded.',
    summaryEs: 'Cómo se registran las víctimas.',
  }
  const editModule = {
    intent: 'edit-module',
    revision: '0',
    module: MODULE,
    titleEn: 'Renamed',
    titleEs: 'Renombrado',
    status: 'draft',
  }

  for (const cookie of [otherCourseTrainer, learner.cookie]) {
    for (const fields of [add, addModule, moveLesson, moveModule, editModule]) {
      const refused = await post(outlinePage, fields, cookie)
      expect(refused.status, fields.intent).toBe(403)
    }
    expect((await get(`/es/studio/${COURSE}/${MODULE}/nueva`, cookie)).status).toBe(403)
  }

  const cases: Array<[string, Record<string, string>, number, string]> = [
    ['a lesson moved past the end', { ...moveLesson, position: '99' }, 400, 'Esa posición no existe'],
    ['a lesson moved before the start', { ...moveLesson, position: '0' }, 400, 'Esa posición no existe'],
    ['a position that is not a number', { ...moveLesson, position: 'arriba' }, 400, 'Esa posición no existe'],
    ['a module moved past the end', { ...moveModule, position: '4' }, 400, 'Esa posición no existe'],
    ['a lesson of another module', { ...moveLesson, module: 'persons-and-counts' }, 404, 'ya no está en el curso'],
    ['a slug with capitals and spaces', { ...add, slug: 'Una Lección' }, 400, 'Use minúsculas'],
    ['a slug with a trailing hyphen', { ...add, slug: 'nueva-' }, 400, 'Use minúsculas'],
    ['a slug the module has', { ...add, slug: first!.slug }, 400, 'ya tiene una lección con esta dirección'],
    ['no Spanish title', { ...add, titleEs: '  ' }, 400, ''],
    ['a module the course does not have', { ...add, module: 'no-such-module' }, 404, 'ya no está en el curso'],
    ['a stale outline', { ...moveLesson, revision: '3' }, 409, 'Alguien cambió el índice'],
    ['a stale module edit', { ...editModule, revision: '2' }, 409, 'Alguien cambió el índice'],
    ['a module status that does not exist', { ...editModule, status: 'hidden' }, 400, ''],
    ['a module title with markup', { ...editModule, titleEs: '<b>Hola</b>' }, 400, ''],
    ['a module the course does not have, edited', { ...editModule, module: 'no-such-module' }, 404, ''],
    ['a new module with a slug the course has', { ...addModule, slug: MODULE }, 400, 'ya tiene un módulo con esta'],
    ['a new module with a bad slug', { ...addModule, slug: 'Módulo 4' }, 400, 'Use minúsculas'],
    ['a new module without a Spanish summary', { ...addModule, summaryEs: '' }, 400, ''],
    ['a new module on a stale outline', { ...addModule, revision: '5' }, 409, 'Alguien cambió el índice'],
  ]
  for (const [label, fields, status, message] of cases) {
    const refused = await post(outlinePage, fields, trainer.cookie)
    expect(refused.status, label).toBe(status)
    if (message) expect(refused.text, label).toContain(message)
  }
  // A lesson that is neither published nor added: not found.
  expect((await get(`/es/studio/${COURSE}/${MODULE}/nueva`, trainer.cookie)).status).toBe(404)
  expect(await databaseFingerprint()).toEqual(fingerprint)
})

test(
  'a lesson added in both languages and moved first, its module renamed and moved last, is reviewed and published: new files, old ids and progress kept',
  { timeout: 120_000 },
  async () => {
    const before = await current()
    const oldIds = (before.manifest as unknown as ManifestCourse).modules.flatMap((m) => m.lessons.map((l) => l.id))
    const oldLesson = `${MODULE}/what-it-is`
    expect(oldIds).toContain(oldLesson)
    await prisma.lessonProgress.create({
      data: { userId: learner.id, courseId: COURSE, lessonId: oldLesson, completedAt: new Date() },
      select: { id: true },
    })

    // Added at the end of the module, as drafts in both languages; it opens in the editor.
    const added = await post(
      outlinePage,
      {
        intent: 'add-lesson',
        revision: '0',
        module: MODULE,
        slug: 'counting-victims',
        titleEn: 'Counting victims',
        titleEs: 'Contar víctimas',
      },
      trainer.cookie,
    )
    expect(added.status, added.text.slice(0, 300)).toBe(302)
    expect(added.location).toBe(`/es/studio/${COURSE}/${MODULE}/counting-victims`)
    const editor = await get(added.location!, trainer.cookie)
    expect(editor.status).toBe(200)
    expect(editor.text).toContain('Contar víctimas')
    expect(editor.text).toContain('status: draft')
    expect((await get(outlinePage, trainer.cookie)).text).toContain('nueva, aún no publicada')
    // The same slug again: taken.
    const again = await post(
      outlinePage,
      { intent: 'add-lesson', revision: '1', module: MODULE, slug: 'counting-victims', titleEn: 'A', titleEs: 'B' },
      trainer.cookie,
    )
    expect(again.status).toBe(400)
    expect(again.text).toContain('ya tiene una lección con esta dirección')

    // The trainer writes both languages and removes the draft status.
    const texts = {
      en: '---\ntitle: "Counting victims"\nsummary: "Who is counted as a victim."\nminutes: 5\n---\n\nA victim is counted once per offence.\n',
      es: '---\ntitle: "Contar víctimas"\nsummary: "A quién se cuenta como víctima."\nminutes: 5\n---\n\nCada víctima se cuenta una vez por delito.\n',
    }
    for (const locale of ['en', 'es'] as const) {
      const saved = await post(
        added.location!,
        { intent: 'save', locale, revision: '1', source: texts[locale] },
        trainer.cookie,
      )
      expect(saved.status, saved.text.slice(0, 300)).toBe(200)
    }
    // Moved to the top of its module.
    const moved = await post(
      outlinePage,
      { intent: 'move-lesson', revision: '1', module: MODULE, lesson: 'counting-victims', position: '1' },
      trainer.cookie,
    )
    expect(moved.status, moved.text.slice(0, 300)).toBe(302)
    // Its module renamed and moved to the end of the course.
    const renamed = await post(
      outlinePage,
      {
        intent: 'edit-module',
        revision: '2',
        module: MODULE,
        titleEn: 'The survey at a glance',
        titleEs: 'La encuesta de un vistazo',
        status: 'published',
      },
      trainer.cookie,
    )
    expect(renamed.status, renamed.text.slice(0, 300)).toBe(302)
    const last = await post(
      outlinePage,
      { intent: 'move-module', revision: '3', module: MODULE, position: '3' },
      trainer.cookie,
    )
    expect(last.status, last.text.slice(0, 300)).toBe(302)
    expect(await outlineRevision()).toBe(4)

    const submitted = await post(outlinePage, { intent: 'submit-review', message: '' }, trainer.cookie)
    expect(submitted.status, submitted.text.slice(0, 300)).toBe(302)
    const reviewPage = submitted.location!
    const page = await get(reviewPage, admin.cookie)
    expect(page.text).toContain('Lección nueva «Contar víctimas» en el módulo 3')
    expect(page.text).toMatch(/Orden del módulo 3: Contar víctimas · /)
    expect(page.text).toContain('Módulo 3: «La encuesta de un vistazo», visible para el alumnado')
    expect(page.text).toMatch(/Orden de los módulos: [^<]* · El UN-CTS en resumen</)

    expect((await post(reviewPage, { intent: 'publish' }, admin.cookie)).status).toBe(302)
    await runJobsUntilIdle()
    const review = await prisma.contentReview.findFirstOrThrow({
      where: { courseId: COURSE },
      orderBy: { submittedAt: 'desc' },
      select: { status: true, refusal: true },
    })
    expect(review, JSON.stringify(review.refusal)).toMatchObject({ status: 'published' })

    const after = await current()
    expect(after.number).toBe(before.number + 1)
    const manifest = after.manifest as unknown as ManifestCourse
    const mod = manifest.modules.find((m) => m.slug === MODULE)!
    expect(manifest.modules.map((m) => m.slug).at(-1)).toBe(MODULE)
    expect(mod.title).toEqual({ en: 'The survey at a glance', es: 'La encuesta de un vistazo' })
    expect(mod.lessons[0]!.id).toBe(`${MODULE}/counting-victims`)
    expect(Object.keys(mod.lessons[0]!.locales).sort()).toEqual(['en', 'es'])
    const newIds = manifest.modules.flatMap((m) => m.lessons.map((l) => l.id))
    for (const id of oldIds) expect(newIds).toContain(id)
    // The files: the new lesson first, the old one renumbered, its slug kept.
    const files = Object.keys(after.sourceFiles as Record<string, string>)
    expect(files).toContain('03-the-survey/01-counting-victims.es.mdx')
    expect(files).toContain('03-the-survey/02-what-it-is.en.mdx')
    expect(files).toContain('03-the-survey/module.yaml')
    expect(files.filter((f) => f.startsWith('01-the-survey/'))).toEqual([])
    // The learner's progress on the old lesson still counts.
    expect((await courseProgress(learner.id, manifest)).completed).toContain(oldLesson)
    // The drafts and the outline draft published are gone.
    expect(await outlineRevision()).toBe(0)
    expect(await prisma.lessonDraft.count({ where: { courseId: COURSE } })).toBe(0)
  },
)

test(
  'a module added in the Studio with a lesson is reviewed and published: its folder and module.yaml, a draft until a trainer shows it',
  { timeout: 120_000 },
  async () => {
    const before = await current()
    const added = await post(
      outlinePage,
      {
        intent: 'add-module',
        revision: '0',
        slug: 'recording-victims',
        titleEn: 'Recording victims',
        titleEs: 'Registro de víctimas',
        summaryEn: 'How victims are recorded.',
        summaryEs: 'Cómo se registran las víctimas.',
      },
      trainer.cookie,
    )
    expect(added.status, added.text.slice(0, 300)).toBe(302)
    const outline = await get(outlinePage, trainer.cookie)
    expect(outline.text).toContain('Módulo nuevo, aún no publicado.')
    expect(outline.text).toContain('Registro de víctimas')
    // The same slug again: taken (by the added module).
    const again = await post(
      outlinePage,
      {
        intent: 'add-module',
        revision: '1',
        slug: 'recording-victims',
        titleEn: 'A',
        titleEs: 'B',
        summaryEn: 'C',
        summaryEs: 'D',
      },
      trainer.cookie,
    )
    expect(again.status).toBe(400)

    const lesson = await post(
      outlinePage,
      {
        intent: 'add-lesson',
        revision: '1',
        module: 'recording-victims',
        slug: 'one-record',
        titleEn: 'One record per victim',
        titleEs: 'Un registro por víctima',
      },
      trainer.cookie,
    )
    expect([lesson.status, lesson.location], lesson.text.slice(0, 300)).toEqual([
      302,
      `/es/studio/${COURSE}/recording-victims/one-record`,
    ])
    expect((await get(lesson.location!, trainer.cookie)).status).toBe(200)
    const texts = {
      en: '---\ntitle: "One record per victim"\nsummary: "Each victim has a record."\nminutes: 5\n---\n\nEach victim is recorded once.\n',
      es: '---\ntitle: "Un registro por víctima"\nsummary: "Cada víctima tiene un registro."\nminutes: 5\n---\n\nCada víctima se registra una vez.\n',
    }
    for (const locale of ['en', 'es'] as const) {
      const saved = await post(
        lesson.location!,
        { intent: 'save', locale, revision: '1', source: texts[locale] },
        trainer.cookie,
      )
      expect(saved.status, saved.text.slice(0, 300)).toBe(200)
    }
    const submitted = await post(outlinePage, { intent: 'submit-review', message: '' }, trainer.cookie)
    expect(submitted.status, submitted.text.slice(0, 300)).toBe(302)
    const page = await get(submitted.location!, admin.cookie)
    expect(page.text).toContain('Módulo nuevo 4: «Registro de víctimas», borrador (oculto al alumnado)')
    expect(page.text).toContain('Lección nueva «Un registro por víctima» en el módulo 4')
    expect((await post(submitted.location!, { intent: 'publish' }, admin.cookie)).status).toBe(302)
    await runJobsUntilIdle()
    const review = await prisma.contentReview.findFirstOrThrow({
      where: { courseId: COURSE },
      orderBy: { submittedAt: 'desc' },
      select: { status: true, refusal: true },
    })
    expect(review, JSON.stringify(review.refusal)).toMatchObject({ status: 'published' })

    const after = await current()
    expect(after.number).toBe(before.number + 1)
    const files = Object.keys(after.sourceFiles as Record<string, string>)
    expect(files).toContain('04-recording-victims/module.yaml')
    expect(files).toContain('04-recording-victims/01-one-record.es.mdx')
    // A draft module: checked and stored, not in the learners' manifest.
    const manifest = after.manifest as unknown as ManifestCourse
    expect(manifest.modules.map((m) => m.slug)).not.toContain('recording-victims')
    const source = await studioCourseSource(COURSE)
    const mod = source.modules.find((m) => m.slug === 'recording-victims')!
    expect(mod.meta).toEqual({
      title: { en: 'Recording victims', es: 'Registro de víctimas' },
      summary: { en: 'How victims are recorded.', es: 'Cómo se registran las víctimas.' },
      status: 'draft',
    })
    expect(mod.lessons.map((l) => l.id)).toEqual(['recording-victims/one-record'])
    expect(await outlineRevision()).toBe(0)
  },
)
