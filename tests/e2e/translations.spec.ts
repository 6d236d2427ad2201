// A lesson missing one translation (issue 15, item 16; ADR 029): it stays in the course in both
// languages. In the missing language the syllabus marks it and its page says so, in that language,
// with a link to the other language and the other language's text marked with its `lang`; the
// trainer's translation page lists it as "Spanish missing" / "English missing". With axe.
//
// The real courses are all translated (app/content/content.test.ts checks it), so this file starts
// a production server of its own (build/server/main.js, as `npm start` runs it) on a build of
// tests/fixtures/courses-untranslated and a database of its own with the demo accounts.
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createDatabase, databaseUrl, dropDatabase } from '#tests/setup/database.ts'
import { seedDemoAccounts, writeSigningKey } from '../production-server.ts'
import { AppNode } from './cluster.ts'
import { expect, logInPage, seriousA11yViolations, test } from './fixtures.ts'
import { TRANSLATIONS_SERVER } from './paths.ts'

const stamp = `${Date.now()}_${process.pid}`
const DATABASE = `aula_translations_${stamp}`
const RUN_DIR = path.join(os.tmpdir(), `aula-translations-${stamp}`)
const COURSE = '/courses/half-translated'
// One server for the whole file: its tests run one after the other in one worker.
test.describe.configure({ mode: 'serial' })
test.use({ baseURL: TRANSLATIONS_SERVER.url })

let node: AppNode | undefined

test.beforeAll(async () => {
  test.setTimeout(180_000)
  rmSync(RUN_DIR, { recursive: true, force: true })
  mkdirSync(RUN_DIR, { recursive: true })
  const contentDir = path.join(RUN_DIR, 'content-build')
  // `npm run courses:build` on the fixture: it succeeds, with a warning for each missing translation.
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/content.ts', 'build'], {
    env: {
      ...process.env,
      COURSES_DIR: path.resolve('tests/fixtures/courses-untranslated'),
      CONTENT_BUILD_DIR: contentDir,
    },
    encoding: 'utf8',
  })
  expect(build.status, build.stderr).toBe(0)
  expect(build.stderr.match(/: warning: the (English|Spanish) version .* is missing/g)).toHaveLength(2)
  await createDatabase(DATABASE)
  const url = databaseUrl(DATABASE)
  await seedDemoAccounts(url)
  const keyFile = path.join(RUN_DIR, 'credential-key.json')
  await writeSigningKey(keyFile)
  node = new AppNode('a', TRANSLATIONS_SERVER.port, path.join(RUN_DIR, 'node'), {
    DATABASE_URL: url,
    // The start imports the built courses with their sources (ADR 034 §2).
    COURSES_DIR: path.resolve('tests/fixtures/courses-untranslated'),
    CONTENT_BUILD_DIR: contentDir,
    APP_URL: TRANSLATIONS_SERVER.url,
    SESSION_SECRET: 'e2e-translations-secret-0123456789abcdef',
    CREDENTIAL_KEY_FILE: keyFile,
    WEB_CONCURRENCY: '1',
    DISABLE_RATE_LIMITS: 'true',
    LOG_LEVEL: 'warn',
  })
  node.start()
  await node.ready(120_000)
})

test.afterAll(async () => {
  test.setTimeout(60_000)
  await node?.stop()
  await dropDatabase(DATABASE)
  rmSync(RUN_DIR, { recursive: true, force: true })
})

const CASES = {
  // On the English pages, the lesson written only in Spanish; and the other way round.
  en: {
    lesson: 'basics/regla-de-conteo',
    title: 'La regla de conteo',
    textLang: 'es',
    text: 'Cuente cada víctima una vez',
    notice: 'This lesson is not available in English yet',
    readIn: 'Read this lesson in Spanish',
    only: 'Spanish only',
    otherNotice: 'Esta lección aún no está disponible en español',
    translated: 'In both languages',
    syllabus: 'Syllabus',
    contents: 'Course contents',
  },
  es: {
    lesson: 'basics/counting-rule',
    title: 'The counting rule',
    textLang: 'en',
    text: 'Count each victim once',
    notice: 'Esta lección aún no está disponible en español',
    readIn: 'Leer esta lección en inglés',
    only: 'solo en inglés',
    otherNotice: 'This lesson is not available in English yet',
    translated: 'En los dos idiomas',
    syllabus: 'Temario',
    contents: 'Contenido del curso',
  },
} as const

for (const lang of ['en', 'es'] as const) {
  const c = CASES[lang]

  test(`${lang}: a lesson not yet in this language is listed, marked, and shown in the other with a notice`, async ({
    page,
  }) => {
    // The course page lists all three lessons; the untranslated one is marked.
    const course = await page.goto(`/${lang}${COURSE}`)
    expect(course?.status()).toBe(200)
    const syllabus = page.getByRole('region', { name: c.syllabus })
    await expect(syllabus.getByRole('link', { name: c.translated })).toBeVisible()
    // The lesson's own item (the module's item holds it too).
    const listed = syllabus
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: c.title }) })
      .last()
    await expect(listed).toContainText(c.only)
    await expect(listed.getByRole('link', { name: c.title })).toHaveAttribute('lang', c.textLang)
    expect(await seriousA11yViolations(page), 'the course page').toEqual([])

    // Its page: 200, the notice in the page's language, the text in the other, marked as such.
    const response = await page.goto(`/${lang}${COURSE}/${c.lesson}`)
    expect(response?.status()).toBe(200)
    await expect(page.locator('html')).toHaveAttribute('lang', lang)
    await expect(page.getByRole('heading', { level: 1, name: c.title })).toHaveAttribute('lang', c.textLang)
    const notice = page.getByRole('region', { name: c.notice })
    await expect(notice).toBeVisible()
    await expect(page.locator(`.lesson-prose [lang="${c.textLang}"]`)).toContainText(c.text)
    const syllabusEntry = page
      .getByRole('navigation', { name: c.contents })
      .getByRole('listitem')
      .filter({ hasText: c.title })
      .last()
    await expect(syllabusEntry).toContainText(c.only)
    expect(await seriousA11yViolations(page), 'the untranslated lesson').toEqual([])

    // The link reads it in the language it is written in: a normal page, no notice.
    await notice.getByRole('link', { name: c.readIn }).click()
    await expect(page).toHaveURL(new RegExp(`/${c.textLang}${COURSE}/${c.lesson}$`))
    await expect(page.getByRole('heading', { level: 1, name: c.title })).toBeVisible()
    await expect(page.getByText(c.otherNotice)).toHaveCount(0)
    await expect(page.getByRole('heading', { level: 1, name: c.title })).not.toHaveAttribute('lang', /.+/)
  })
}

test("the trainer's translation page lists each missing language, in English and in Spanish", async ({ page }) => {
  await logInPage(page, 'admin')
  const expected = {
    en: ['Lessons and translations', 'Spanish missing', 'English missing', 'Both languages in step'],
    es: ['Lecciones y traducciones', 'Falta el español', 'Falta el inglés', 'Los dos idiomas coinciden'],
  } as const
  for (const lang of ['en', 'es'] as const) {
    const response = await page.goto(`/${lang}/teach/half-translated`)
    expect(response?.status()).toBe(200)
    const [heading, spanishMissing, englishMissing, inStep] = expected[lang]
    const rows = page.getByRole('region', { name: heading }).locator('tbody tr')
    await expect(rows).toHaveCount(3)
    await expect(rows.filter({ hasText: 'basics/counting-rule' })).toContainText(spanishMissing)
    await expect(rows.filter({ hasText: 'basics/regla-de-conteo' })).toContainText(englishMissing)
    await expect(rows.filter({ hasText: 'basics/both' })).toContainText(inStep)
    expect(await seriousA11yViolations(page), `the translation page (${lang})`).toEqual([])
  }
})
