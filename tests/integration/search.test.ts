// Search inside the courses (issue 15, item 9): the catalogue finds lesson text in the page's
// language, ignoring case and accents ("cifra negra"), shows the passage and links to the section,
// whose heading carries that id on the lesson page; a paid course's lessons only for its learners.
import { beforeAll, expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { loader as lessonLoader } from '#app/routes/$lang.courses.$course.$module.$lesson.tsx'
import { loader as catalogLoader } from '#app/routes/$lang.courses._index.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { createUser, loginCookie, visit } from '#tests/utils.ts'

beforeAll(async () => {
  await syncCatalogue(prisma, getManifest())
})

type Hit = {
  courseId: string
  lessonId: string
  lessonTitle: string
  heading: string | null
  href: string
  passage: { before: string; match: string; after: string }
}

async function search(lang: 'en' | 'es', q: string, cookie?: string) {
  const result = await visit(catalogLoader, { lang }, `/${lang}/courses?q=${encodeURIComponent(q)}`, cookie)
  return (result.data as { lessons: Hit[] }).lessons
}

test('"cifra negra", in any case and without accents, finds Spanish lessons with the passage and the section', async () => {
  const hits = await search('es', 'cifra negra')
  expect(hits.length).toBeGreaterThan(0)
  const darkFigure = hits.find((h) => h.courseId === 'victimization-surveys')!
  expect(darkFigure).toBeDefined()
  expect(darkFigure.passage.match.toLowerCase()).toBe('cifra negra')
  expect(darkFigure.passage.before.length + darkFigure.passage.after.length).toBeGreaterThan(40)
  // Glossary tooltips are not lesson text.
  expect(darkFigure.passage.after).not.toMatch(/^ ?cifra negra:/)
  expect(darkFigure.href).toMatch(/^\/es\/courses\/victimization-surveys\/[a-z0-9-]+\/[a-z0-9-]+#[a-z0-9-]+$/)
  expect(await search('es', 'CIFRA   NEGRA')).toEqual(hits)
  expect(await search('es', 'victimización')).toHaveLength((await search('es', 'VICTIMIZACION')).length)

  // The link's anchor is the id of the section's heading on the lesson page.
  const [pathname, anchor] = darkFigure.href.split('#') as [string, string]
  const [, , , course, module, lesson] = pathname.split('/')
  const page = await visit(lessonLoader, { lang: 'es', course, module, lesson }, pathname)
  const html = (page.data as { content: Array<{ html?: string }> }).content.map((p) => p.html ?? '').join('')
  expect(html).toContain(`id="${anchor}"`)
  expect(html).toContain(`<h2 id="${anchor}">${darkFigure.heading}</h2>`)
})

test('lesson text is searched in the page language only', async () => {
  const en = await search('en', 'dark figure')
  expect(en.length).toBeGreaterThan(0)
  expect(en.every((h) => h.href.startsWith('/en/'))).toBe(true)
  expect(await search('es', 'dark figure of crime')).toEqual([])
  expect(await search('en', '')).toEqual([])
})

test("a paid course's lessons are searched only for those who may read them", async () => {
  const paid = getManifest().courses.find((c) => c.priceCents > 0)!
  // A word of one of the paid course's lessons, in Spanish.
  const anonymous = await search('es', 'cifra negra')
  expect(anonymous.some((h) => h.courseId === paid.id)).toBe(false)
  const buyer = await createUser()
  await prisma.enrolment.create({
    data: { userId: buyer.id, courseId: paid.id, source: 'payment' },
    select: { id: true },
  })
  const enrolled = await search('es', 'cifra negra', await loginCookie(buyer.id))
  expect(enrolled.some((h) => h.courseId === paid.id)).toBe(true)
})

test('a number is found however the reader writes it, and the passage shows it as the reader reads it (ADR 030)', async () => {
  const mexico = await loginCookie((await createUser({ country: 'MX' })).id)
  const colombia = await loginCookie((await createUser({ country: 'CO' })).id)
  const surveys = (hits: Hit[]) => hits.find((h) => h.courseId === 'victimization-surveys')
  for (const query of ['92.9', '92,9']) {
    // Mexico reads the decimal point, Colombia the decimal comma: each finds the lesson either way.
    expect(surveys(await search('es', query, mexico))?.passage.match).toBe('92.9')
    expect(surveys(await search('es', query, colombia))?.passage.match).toBe('92,9')
    // Not signed in, no region: the Spanish default (comma).
    expect(surveys(await search('es', query))?.passage.match).toBe('92,9')
    expect(surveys(await search('en', query))?.passage.match).toBe('92.9')
  }
  // Thousands separators too: 22,587 (point) is 22.587 (comma).
  for (const query of ['22,587 víctimas', '22.587 victimas']) {
    expect(surveys(await search('es', query, colombia))?.passage.match).toBe('22.587 víctimas')
    expect(surveys(await search('es', query, mexico))?.passage.match).toBe('22,587 víctimas')
  }
  // Codes are not numbers to convert, and still match as written.
  expect((await search('es', '16.1.1', colombia)).length).toBeGreaterThan(0)
  // A reader whose convention comes from the browser gets a page that varies by it.
  const byHeader = await visit(catalogLoader, { lang: 'es' }, `/es/courses?q=92.9`)
  expect(byHeader.headers.get('Vary')).toContain('Accept-Language')
})
