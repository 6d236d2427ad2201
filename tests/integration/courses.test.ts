import { expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { loader as lessonLoader } from '#app/routes/$lang.courses.$course.$module.$lesson.tsx'
import { loader as moduleLoader } from '#app/routes/$lang.courses.$course.$module._index.tsx'
import { loader as courseLoader } from '#app/routes/$lang.courses.$course._index.tsx'
import { loader as glossaryLoader } from '#app/routes/$lang.courses.$course.glossary.tsx'
import { loader as catalogLoader } from '#app/routes/$lang.courses._index.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { assignCourses, context, createUser, getRequest, loginCookie, settle } from '#tests/utils.ts'

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

test('paid lessons need an enrolment (else the course offer, naming the lesson); free ones are open', async () => {
  const params = { lang: 'en', course: 'homicide-sdg16', module: 'defining-homicide', lesson: 'three-elements' }
  const offer = '/en/courses/homicide-sdg16?lesson=defining-homicide%2Fthree-elements#offer'
  const anonymous = await call(lessonLoader, '/en/x', params)
  expect([anonymous.status, anonymous.headers.get('Location')]).toEqual([302, offer])
  expect(JSON.stringify(anonymous.data ?? '')).not.toContain('lesson-prose')
  const learner = await createUser()
  const cookie = await loginCookie(learner.id)
  const signedIn = await call(lessonLoader, '/en/x', params, cookie)
  expect([signedIn.status, signedIn.headers.get('Location')]).toEqual([302, offer])
  // The whole module (the printable page) is the same offer.
  const module = await call(moduleLoader, '/en/x', {
    lang: 'en',
    course: 'homicide-sdg16',
    module: 'defining-homicide',
  })
  expect([module.status, module.headers.get('Location')]).toEqual([302, offer])
  // The course page names the lesson wanted, in the page's language; a lesson of another course is ignored.
  const course = await call(courseLoader, '/es/courses/homicide-sdg16?lesson=defining-homicide/three-elements', {
    lang: 'es',
    course: 'homicide-sdg16',
  })
  expect((course.data as { lockedLesson: unknown }).lockedLesson).toEqual({
    title: 'La definición estadística y sus tres elementos',
    href: '/es/courses/homicide-sdg16/defining-homicide/three-elements',
  })
  const other = await call(courseLoader, '/es/courses/homicide-sdg16?lesson=structure/the-eleven-sections', {
    lang: 'es',
    course: 'homicide-sdg16',
  })
  expect((other.data as { lockedLesson: unknown }).lockedLesson).toBeNull()
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
    const trainer = await createUser({ role: 'trainer' })
    await assignCourses(trainer.id, ['iccs'])
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

test('a whole module: every lesson in order, ids made unique per lesson, quizzes left online', async () => {
  const result = await call(moduleLoader, '/es/x', { lang: 'es', course: 'iccs', module: 'why-a-classification' })
  expect(result.status).toBe(200)
  type Data = { lessons: Array<{ slug: string; parts: Array<{ html?: string; quiz?: string }> }> }
  const { lessons } = result.data as Data
  expect(lessons.map((l) => l.slug)).toEqual(['common-language', 'origin-and-status', 'acts-not-labels'])
  const html = lessons.flatMap((l) => l.parts.map((p) => p.html ?? '')).join('')
  const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1])
  expect(ids.length).toBeGreaterThan(3)
  expect(new Set(ids).size).toBe(ids.length)
  for (const [, ref] of html.matchAll(/aria-describedby="([^"]+)"/g)) expect(ids).toContain(ref)
  expect(lessons.at(-1)!.parts.some((p) => p.quiz)).toBe(true)
  for (const params of [
    { lang: 'es', course: 'iccs', module: 'nope' },
    { lang: 'es', course: 'iccs', module: '..' },
  ])
    expect((await call(moduleLoader, '/es/x', params)).status).toBe(404)
})

test('a course glossary lists every term in the page language, sorted, with the other language and its lessons', async () => {
  const es = await call(glossaryLoader, '/es/x', { lang: 'es', course: 'iccs' })
  type Data = { terms: Array<{ id: string; term: string; otherTerm: string; lessons: Array<{ href: string }> }> }
  const { terms } = es.data as Data
  expect(terms).toHaveLength(Object.keys(getManifest().courses.find((c) => c.id === 'iccs')!.glossary).length)
  const crime = terms.find((t) => t.id === 'crime')!
  expect([crime.term, crime.otherTerm]).toEqual(['delito', 'crime (criminal offence)'])
  expect(crime.lessons.every((l) => l.href.startsWith('/es/courses/iccs/'))).toBe(true)
  const sorted = [...terms].sort((a, b) => a.term.localeCompare(b.term, 'es', { sensitivity: 'base' }))
  expect(terms.map((t) => t.id)).toEqual(sorted.map((t) => t.id))
  expect((await call(glossaryLoader, '/es/x', { lang: 'es', course: 'nope' })).status).toBe(404)
})
