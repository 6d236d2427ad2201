import { expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { loader as lessonLoader } from '#app/routes/$lang.courses.$course.$module.$lesson.tsx'
import { loader as courseLoader } from '#app/routes/$lang.courses.$course._index.tsx'
import { loader as catalogLoader } from '#app/routes/$lang.courses._index.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { context, createUser, getRequest, loginCookie, settle } from '#tests/utils.ts'

const call = <T>(fn: (args: never) => Promise<T>, path: string, params: Record<string, string>, cookie?: string) =>
  settle(() => fn({ request: getRequest(path, cookie), params, context: context() } as never))

test('search ignores case and accents, in either language', async () => {
  const found = await call(catalogLoader, '/es/courses?q=VICTIMIZACION', { lang: 'es' })
  const ids = (found.data as { courses: Array<{ id: string }> }).courses.map((c) => c.id)
  expect(ids).toEqual(['victimization-surveys'])
  const english = await call(catalogLoader, '/es/courses?q=homicide', { lang: 'es' })
  expect((english.data as { courses: Array<{ id: string }> }).courses.map((c) => c.id)).toEqual(['homicide-sdg16'])
})

test('filters by price, level and topic; unknown filter values are ignored, not errors', async () => {
  const paid = await call(catalogLoader, '/en/courses?price=paid', { lang: 'en' })
  expect((paid.data as { courses: Array<{ id: string }> }).courses.map((c) => c.id)).toEqual(['homicide-sdg16'])
  const free = await call(catalogLoader, '/en/courses?price=free&topic=classification', { lang: 'en' })
  expect((free.data as { courses: Array<{ id: string }> }).courses.map((c) => c.id)).toEqual(['iccs'])
  const junk = await call(catalogLoader, `/en/courses?price=maybe&level=${'x'.repeat(5000)}&topic='%20OR%201=1`, {
    lang: 'en',
  })
  expect(junk.status).toBe(200)
  expect((junk.data as { courses: unknown[] }).courses).toHaveLength(4)
})

test('a lesson has the same identity in both languages, and its text differs by language', async () => {
  const en = await call(lessonLoader, '/en/courses/iccs/structure/the-eleven-sections', {
    lang: 'en',
    course: 'iccs',
    module: 'structure',
    lesson: 'the-eleven-sections',
  })
  const es = await call(lessonLoader, '/es/courses/iccs/structure/the-eleven-sections', {
    lang: 'es',
    course: 'iccs',
    module: 'structure',
    lesson: 'the-eleven-sections',
  })
  expect(en.status).toBe(200)
  expect(es.status).toBe(200)
  type Data = {
    lesson: { id: string; title: string }
    content: Array<{ html?: string }>
    previous: unknown
    next: unknown
  }
  const a = en.data as Data
  const b = es.data as Data
  expect(a.lesson.id).toBe('structure/the-eleven-sections')
  expect(b.lesson.id).toBe(a.lesson.id)
  expect(b.lesson.title).not.toBe(a.lesson.title)
  // The text is pre-rendered HTML, different per language.
  expect(a.content[0]!.html).toMatch(/<p>/)
  expect(b.content[0]!.html).not.toBe(a.content[0]!.html)
  expect(a.previous).not.toBeNull()
  expect(a.next).not.toBeNull()
})

test('unknown courses, modules, lessons and path tricks are 404, never 500', async () => {
  const cases: Array<Record<string, string>> = [
    { lang: 'en', course: 'nope', module: 'structure', lesson: 'the-eleven-sections' },
    { lang: 'en', course: 'iccs', module: 'nope', lesson: 'the-eleven-sections' },
    { lang: 'en', course: 'iccs', module: 'structure', lesson: 'nope' },
    { lang: 'en', course: '..', module: '..', lesson: 'etc' },
    { lang: 'en', course: 'iccs', module: '../../prisma', lesson: 'schema' },
    { lang: 'en', course: 'iccs', module: 'structure', lesson: 'a'.repeat(5000) },
    { lang: 'en', course: 'ICCS', module: 'structure', lesson: 'the-eleven-sections' },
  ]
  for (const params of cases) {
    const result = await call(lessonLoader, '/en/courses/x/y/z', params)
    expect(result.status, JSON.stringify(params).slice(0, 100)).toBe(404)
  }
  expect((await call(courseLoader, '/en/courses/nope', { lang: 'en', course: 'nope' })).status).toBe(404)
})

test('paid lessons need an enrolment; free ones are open', async () => {
  const params = { lang: 'en', course: 'homicide-sdg16', module: 'defining-homicide', lesson: 'three-elements' }
  expect((await call(lessonLoader, '/en/x', params)).status).toBe(403)
  const learner = await createUser()
  const cookie = await loginCookie(learner.id)
  expect((await call(lessonLoader, '/en/x', params, cookie)).status).toBe(403)
  await prisma.course.upsert({
    where: { id: 'homicide-sdg16' },
    create: { id: 'homicide-sdg16', status: 'published', priceCents: 4900 },
    update: {},
    select: { id: true },
  })
  await prisma.enrolment.create({
    data: { userId: learner.id, courseId: 'homicide-sdg16', source: 'waiver' },
    select: { id: true },
  })
  expect((await call(lessonLoader, '/en/x', params, cookie)).status).toBe(200)
  const free = await call(lessonLoader, '/en/x', {
    lang: 'en',
    course: 'iccs',
    module: 'why-a-classification',
    lesson: 'common-language',
  })
  expect(free.status).toBe(200)
})

test('a draft course exists only for its trainers and administrators', async () => {
  const manifest = getManifest()
  const course = manifest.courses.find((c) => c.id === 'iccs')!
  const original = course.status
  course.status = 'draft'
  try {
    const learner = await createUser({ role: 'learner' })
    const otherTrainer = await createUser({ role: 'trainer' })
    const trainer = await createUser({ role: 'trainer', email: course.trainers[0] })
    const admin = await createUser({ role: 'admin' })
    const status = async (cookie?: string) =>
      (await call(courseLoader, '/en/courses/iccs', { lang: 'en', course: 'iccs' }, cookie)).status
    expect(await status()).toBe(404)
    expect(await status(await loginCookie(learner.id))).toBe(404)
    expect(await status(await loginCookie(otherTrainer.id))).toBe(404)
    expect(await status(await loginCookie(trainer.id))).toBe(200)
    expect(await status(await loginCookie(admin.id))).toBe(200)
    const catalog = await call(catalogLoader, '/en/courses', { lang: 'en' })
    expect((catalog.data as { courses: Array<{ id: string }> }).courses.map((c) => c.id)).not.toContain('iccs')
    const preview = await call(
      courseLoader,
      '/en/courses/iccs',
      { lang: 'en', course: 'iccs' },
      await loginCookie(admin.id),
    )
    expect((preview.data as { preview: boolean }).preview).toBe(true)
  } finally {
    course.status = original
  }
})
