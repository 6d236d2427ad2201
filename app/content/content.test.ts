import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from 'vitest'
import { buildContent } from './build.server.ts'
import { contentLang } from './manifest.ts'
import { scaffold } from './scaffold.server.ts'

const FIXTURES = path.resolve('tests/fixtures/courses-broken')

test('courses:check reports each kind of mistake with its file and line', async () => {
  const { problems, warnings } = await buildContent({ root: FIXTURES, outDir: '', write: false })
  const found = problems.map((p) => `${path.relative(FIXTURES, path.resolve(p.file))}:${p.line ?? ''}: ${p.message}`)
  // A missing translation is a warning, with its file: the lesson is published in the language it has.
  expect(warnings.map((p) => `${path.relative(FIXTURES, path.resolve(p.file))}: ${p.message}`)).toEqual([
    'broken/01-basics/03-english-only.en.mdx: the Spanish version (03-english-only.es.mdx) is missing',
  ])
  const expected: Array<[string, RegExp]> = [
    ['bad-yaml/course.yaml:4:', /invalid YAML/],
    ['broken/quizzes/basics-quiz.yaml:10:', /answer "c" is not one of the options/],
    ['broken/quizzes/feedback-quiz.yaml:3:', /feedback: .*Expected 'when-finished' \| 'always' \| 'never'/],
    ['broken/quizzes/feedback-quiz.yaml:12:', /questions\.0\.hint\.es: Required/],
    // A data exercise (ADR 032): its solution, a row of the wrong width, a step that is not numeric, a source in one language.
    ['broken/quizzes/rate-exercise.yaml:2:', /an exercise needs a worked solution/],
    ['broken/quizzes/rate-exercise.yaml:12:', /row 2 has 3 cells; the table has 2 columns/],
    ['broken/quizzes/rate-exercise.yaml:20:', /an exercise's steps are numeric questions, not truefalse/],
    ['broken/quizzes/table-exercise.yaml:6:', /data\.source\.es: Required/],
    [
      'broken/quizzes/basics-quiz.yaml:',
      /decides the certificate but has 1 question; a certificate quiz needs at least 8/,
    ],
    ['broken/01-basics/module.yaml:2:', /title\.es: Required/],
    ['broken/01-basics/02-bad-frontmatter.en.mdx:4:', /minutes: Expected number/],
    ['broken/01-basics/04-broken-link.en.mdx:9:', /unknown lesson "basics\/does-not-exist"/],
    ['broken/01-basics/04-broken-link.es.mdx:9:', /broken link "\.\.\/elsewhere\.md"/],
    ['broken/01-basics/05-missing-image.en.mdx:7:', /image "assets\/missing\.svg" not found/],
    ['broken/01-basics/06-unknown-quiz.es.mdx:9:', /Quiz id "no-such-quiz"/],
    ['broken/01-basics/07-does-not-compile.en.mdx:9:', /MDX does not compile/],
  ]
  for (const [where, message] of expected) {
    expect(
      found.some((line) => line.startsWith(where) && message.test(line)),
      `${where} ${message}\n${found.join('\n')}`,
    ).toBe(true)
  }
  // The good lesson and its valid link, glossary term and frontmatter raise nothing.
  expect(found.filter((line) => line.includes('01-good'))).toEqual([])
})

test('the real courses have no problems, and every lesson exists in both languages', async () => {
  const { problems, warnings, manifest } = await buildContent({
    root: path.resolve('courses'),
    outDir: '',
    write: false,
  })
  expect(problems.map((p) => `${p.file}:${p.line ?? ''}: ${p.message}`)).toEqual([])
  expect(warnings.map((p) => `${p.file}: ${p.message}`)).toEqual([])
  expect(manifest.courses.flatMap((c) => c.modules.flatMap((m) => m.lessons.filter((l) => l.missing)))).toEqual([])
  const ids = manifest.courses.map((c) => c.id).sort()
  expect(ids).toEqual(['homicide-sdg16', 'iccs', 'un-cts', 'victimization-surveys'])
  const lessons = (id: string) => manifest.courses.find((c) => c.id === id)!.modules.flatMap((m) => m.lessons)
  expect(lessons('iccs').length).toBeGreaterThanOrEqual(8)
  expect(lessons('victimization-surveys').length).toBeGreaterThanOrEqual(8)
  expect(lessons('homicide-sdg16').length).toBeGreaterThanOrEqual(5)
  // The course the end-to-end certificate journey completes: 3 modules, 9 lessons, 3 quizzes.
  expect(lessons('un-cts').map((l) => l.slug)).toEqual([
    'what-it-is',
    'how-countries-report',
    'stages-of-the-system',
    'counting-rules',
    'flows-and-stocks',
    'mapping-and-metadata',
    'consistency-checks',
    'filling-a-table',
    'the-national-process',
  ])
  expect(manifest.courses.find((c) => c.id === 'homicide-sdg16')).toMatchObject({ priceCents: 4900, currency: 'USD' })
  for (const course of manifest.courses) {
    expect(course.modules.length).toBeGreaterThanOrEqual(course.id === 'homicide-sdg16' ? 2 : 3)
    // Every module ends with a quiz.
    for (const m of course.modules)
      expect(m.lessons.at(-1)!.locales.en.quizIds.length, `${course.id}/${m.slug}`).toBeGreaterThan(0)
  }
}, 120_000)

test('a warm build compiles nothing; a changed lesson recompiles alone', async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'aula-content-'))
  try {
    const root = path.resolve('tests/fixtures/courses-good')
    const cold = await buildContent({ root, outDir: out })
    expect(cold.problems).toEqual([])
    // One lesson in two languages; its formula holds a grouped number (100\,000), so each language is
    // rendered once per number convention (ADR 030).
    expect(cold.compiled).toBe(4)
    const locales = cold.manifest.courses[0]!.modules[0]!.lessons[0]!.locales
    expect(Object.keys(locales.es.htmlByConvention ?? {}).sort()).toEqual(['comma', 'point'])
    expect(locales.es.htmlByConvention!.comma).toBe(locales.es.html)
    expect(locales.en.htmlByConvention!.point).toBe(locales.en.html)
    const warm = await buildContent({ root, outDir: out })
    expect(warm.compiled).toBe(0)
    expect(warm.cached).toBe(4)
    expect(warm.manifest.courses[0]!.contentHash).toBe(cold.manifest.courses[0]!.contentHash)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}, 60_000)

test('a changed glossary definition recompiles the lessons whose key terms show it', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'aula-glossary-cache-'))
  const out = path.join(root, '.build')
  try {
    cpSync(path.resolve('tests/fixtures/courses-good/tiny'), path.join(root, 'tiny'), { recursive: true })
    const glossary = (definition: string) =>
      writeFileSync(
        path.join(root, 'tiny/glossary.yaml'),
        `rate:\n  en: { term: "rate", definition: "${definition}" }\n  es: { term: "tasa", definition: "${definition} (es)" }\n`,
      )
    const lesson = path.join(root, 'tiny/01-only/01-rate.en.mdx')
    writeFileSync(lesson, `${readFileSync(lesson, 'utf8')}\nA <KeyTerm id="rate">rate</KeyTerm>.\n`)
    glossary('Events per person.')
    const first = await buildContent({ root, outDir: out })
    expect(first.problems).toEqual([])
    glossary('Events per 100,000 people.')
    const second = await buildContent({ root, outDir: out })
    // The English lesson (both conventions) again; the Spanish one, with no key term, too: its
    // key is the course's glossary, not the terms it uses (simple, and a glossary edit is rare).
    expect(second.compiled).toBeGreaterThan(0)
    const en = second.manifest.courses[0]!.modules[0]!.lessons[0]!.locales.en
    expect(readFileSync(path.join(out, 'lessons', en.html), 'utf8')).toContain('Events per 100,000 people.')
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}, 60_000)

test('courses:new adds drafts to a published course: learners see nothing new, and the placeholders fail courses:check once published', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'aula-scaffold-'))
  try {
    cpSync(path.resolve('tests/fixtures/courses-good/tiny'), path.join(root, 'tiny'), { recursive: true })
    const courseYaml = path.join(root, 'tiny/course.yaml')
    writeFileSync(courseYaml, readFileSync(courseYaml, 'utf8').replace('status: draft', 'status: published'))
    const before = await buildContent({ root, outDir: '', write: false })
    expect(before.problems).toEqual([])
    // "02-practice", as a folder is named, is the slug "practice": no "02-02-practice".
    scaffold(root, ['tiny', '02-practice', '01-first-steps'])
    expect(readdirSync(path.join(root, 'tiny')).filter((n) => /^\d/.test(n))).toEqual(['01-only', '02-practice'])
    expect(readdirSync(path.join(root, 'tiny/02-practice')).sort()).toEqual([
      '01-first-steps.en.mdx',
      '01-first-steps.es.mdx',
      'module.yaml',
    ])
    scaffold(root, ['tiny', 'practice', 'first-steps'])
    expect(readdirSync(path.join(root, 'tiny/02-practice'))).toHaveLength(3)
    // A lesson scaffolded into the published module is a draft too.
    scaffold(root, ['tiny', '01-only', 'extra'])
    const drafts = await buildContent({ root, outDir: '', write: false })
    expect(drafts.problems).toEqual([])
    const syllabus = (m: typeof drafts.manifest) =>
      m.courses
        .find((c) => c.id === 'tiny')!
        .modules.map((mod) => ({ slug: mod.slug, title: mod.title, lessons: mod.lessons.map((l) => l.id) }))
    expect(syllabus(drafts.manifest)).toEqual(syllabus(before.manifest))
    expect(JSON.stringify(drafts.manifest)).not.toMatch(/TODO/)
    // Published with its placeholders: courses:check fails, pointing at each file and line.
    const moduleYaml = path.join(root, 'tiny/02-practice/module.yaml')
    writeFileSync(moduleYaml, readFileSync(moduleYaml, 'utf8').replace('status: draft\n', ''))
    for (const locale of ['en', 'es']) {
      const lesson = path.join(root, `tiny/02-practice/01-first-steps.${locale}.mdx`)
      writeFileSync(lesson, readFileSync(lesson, 'utf8').replace('status: draft\n', ''))
    }
    const published = await buildContent({ root, outDir: '', write: false })
    const found = published.problems.map((p) => `${path.basename(p.file)}:${p.line}: ${p.message}`)
    expect(found).toEqual([
      expect.stringMatching(/^module\.yaml:2: the module still has a placeholder \("en: TODO module title"\)/),
      expect.stringMatching(/^01-first-steps\.en\.mdx:2: the lesson still has a placeholder/),
      expect.stringMatching(/^01-first-steps\.es\.mdx:2: the lesson still has a placeholder/),
    ])
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}, 60_000)

test('a lesson missing one translation stays in the course in both languages, marked, with a warning', async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'aula-untranslated-'))
  try {
    const root = path.resolve('tests/fixtures/courses-untranslated')
    const result = await buildContent({ root, outDir: out })
    // Not an error: the build succeeds. A warning for each, naming the file that is there.
    expect(result.problems).toEqual([])
    expect(result.warnings.map((p) => `${path.relative(root, path.resolve(p.file))}: ${p.message}`)).toEqual([
      'half-translated/01-basics/02-counting-rule.en.mdx: the Spanish version (02-counting-rule.es.mdx) is missing',
      'half-translated/01-basics/03-regla-de-conteo.es.mdx: the English version (03-regla-de-conteo.en.mdx) is missing',
    ])
    const course = result.manifest.courses.find((c) => c.id === 'half-translated')!
    const lessons = course.modules.flatMap((m) => m.lessons)
    // One lesson identity per lesson, whatever languages it has: progress and certificates count three.
    expect(lessons.map((l) => [l.id, l.missing ?? null])).toEqual([
      ['basics/both', null],
      ['basics/counting-rule', 'es'],
      ['basics/regla-de-conteo', 'en'],
    ])
    const english = lessons[1]!
    // The missing language's entry is the other language's lesson (the same pre-rendered file).
    expect(english.locales.es).toEqual(english.locales.en)
    expect(english.locales.en.title).toBe('The counting rule')
    expect(contentLang(english, 'es')).toBe('en')
    expect(contentLang(english, 'en')).toBe('en')
    expect(readFileSync(path.join(out, 'lessons', english.locales.es.html), 'utf8')).toMatch(/Count each victim once/)
    const spanish = lessons[2]!
    expect(spanish.locales.en.title).toBe('La regla de conteo')
    expect(contentLang(spanish, 'en')).toBe('es')
    // A lesson file that exists but does not build is still an error, never published as "missing".
    const broken = path.join(out, 'src')
    cpSync(root, broken, { recursive: true })
    writeFileSync(
      path.join(broken, 'half-translated/01-basics/01-both.es.mdx'),
      '---\ntitle: Rota\nsummary: No compila.\nminutes: 2\n---\n\n<Nope\n',
    )
    const failed = await buildContent({ root: broken, outDir: '', write: false })
    expect(failed.problems.map((p) => path.basename(p.file))).toContain('01-both.es.mdx')
    const ids = failed.manifest.courses[0]!.modules.flatMap((m) => m.lessons.map((l) => l.id))
    expect(ids).not.toContain('basics/both')
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}, 60_000)
