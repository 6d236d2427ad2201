// What got in a learner's way on their first day (issue 15, items 3, 5, 6, 7, 8 and 12): a paid
// lesson shows the course's offer, printing keeps worked-example solutions and a whole module
// prints on one page, the language switch keeps the reader's section, the dashboard shows the
// next thing to do (or the certificate), each course has a glossary page, and a phone-wide
// page does not scroll sideways. In both languages, with axe.
import { randomUUID } from 'node:crypto'
import { pdfText } from '../pdf.ts'
import { createLearner, dbQuery, expect, logIn, seriousA11yViolations, test } from './fixtures.ts'

const query = dbQuery

/** A new learner of our own (the demo password), so the demo accounts stay as they are. */
function newLearner(locale: 'en' | 'es' = 'es'): Promise<{ id: string; email: string }> {
  return createLearner({ prefix: 'e2e-first', displayName: 'Lucía', certificateName: 'Lucía Pérez Gómez', locale })
}

const PAID_LESSON = '/courses/homicide-sdg16/defining-homicide/three-elements'
const PAID = {
  en: {
    lesson: 'The statistical definition and its three elements',
    course: 'Intentional homicide and SDG indicator 16.1.1',
    logIn: 'Log in',
    email: 'Email address',
    password: 'Password',
    buy: /^Buy the course: /,
  },
  es: {
    lesson: 'La definición estadística y sus tres elementos',
    course: 'Homicidio intencional e indicador 16.1.1 de los ODS',
    logIn: 'Iniciar sesión',
    email: 'Correo electrónico',
    password: 'Contraseña',
    buy: /^Comprar el curso: /,
  },
} as const

for (const lang of ['en', 'es'] as const) {
  const text = PAID[lang]

  test(`${lang}: a paid lesson shows the course's offer; the log-in link comes back to it`, async ({ page }) => {
    const response = await page.goto(`/${lang}${PAID_LESSON}`)
    // The course page, not a 403: what the course contains, its price, and how to get in.
    expect(response?.status()).toBe(200)
    await expect(page).toHaveURL(
      new RegExp(`/${lang}/courses/homicide-sdg16\\?lesson=defining-homicide%2Fthree-elements#offer$`),
    )
    await expect(page.getByRole('heading', { level: 1, name: text.course })).toBeVisible()
    await expect(page.getByRole('note').filter({ hasText: text.lesson })).toBeVisible()
    await expect(page.getByText(/49[.,]00/).first()).toBeVisible()
    await expect(page.getByRole('link', { name: text.lesson })).toBeVisible() // the syllabus
    expect(await seriousA11yViolations(page), 'the offer, anonymous').toEqual([])
    // None of the lesson's text reached the page.
    await expect(page.locator('.lesson-prose')).toHaveCount(0)

    const learner = await newLearner(lang)
    await page.locator('#offer').getByRole('link', { name: text.logIn, exact: true }).click()
    await expect(page).toHaveURL(new RegExp(`/${lang}/login\\?redirectTo=`))
    await page.getByLabel(text.email).fill(learner.email)
    await page.getByLabel(text.password, { exact: true }).fill('aula-demo-2026')
    await page.getByRole('main').getByRole('button', { name: text.logIn }).click()
    // Back at the lesson they wanted, which, as they have not bought the course, is its offer.
    await expect(page).toHaveURL(new RegExp(`/${lang}/courses/homicide-sdg16\\?lesson=`))
    await expect(page.getByRole('note').filter({ hasText: text.lesson })).toBeVisible()
    await expect(page.getByRole('button', { name: text.buy })).toBeVisible()
    expect(await seriousA11yViolations(page), 'the offer, signed in').toEqual([])
  })
}

const SOLUTION = {
  en: { lesson: '/courses/iccs/why-a-classification/common-language', text: 'Step 1: rates from the legal label.' },
  es: { lesson: '/courses/iccs/why-a-classification/common-language', text: 'Paso 1: tasas según la figura jurídica.' },
} as const

for (const lang of ['en', 'es'] as const) {
  test(`${lang}: a printed lesson keeps its worked-example solutions`, async ({ page }) => {
    await page.goto(`/${lang}${SOLUTION[lang].lesson}`)
    await expect(page.locator('.lesson-prose details').first()).toBeAttached()
    await expect(page.locator('.lesson-prose details').first()).not.toHaveAttribute('open')
    const text = pdfText(await page.pdf({ format: 'A4' }))
    expect(text.replace(/\s+/g, ' ')).toContain(SOLUTION[lang].text)
    // On screen the solution is still behind its "Show the solution".
    await expect(page.locator('.lesson-prose details').first()).not.toHaveAttribute('open')
  })

  test(`${lang}: a whole module prints on one page, every lesson with its solutions`, async ({ page }) => {
    await page.goto(`/${lang}${SOLUTION[lang].lesson}`)
    await page
      .getByRole('link', { name: lang === 'en' ? 'Print the whole module' : 'Imprimir el módulo completo' })
      .click()
    await expect(page).toHaveURL(`/${lang}/courses/iccs/why-a-classification`)
    await expect(page.locator('article > h2').first()).toHaveText(
      lang === 'en' ? /^Lesson 1 of 3: / : /^Lección 1 de 3: /,
    )
    await expect(page.getByRole('article')).toHaveCount(3)
    await expect(
      page.getByRole('button', { name: lang === 'en' ? 'Print this module' : 'Imprimir este módulo' }),
    ).toBeVisible()
    expect(await seriousA11yViolations(page)).toEqual([])
    const text = pdfText(await page.pdf({ format: 'A4' })).replace(/\s+/g, ' ')
    expect(text).toContain(SOLUTION[lang].text)
    for (const heading of await page.locator('article > h2').allTextContents())
      expect(text).toContain(heading.replace(/\s+/g, ' '))
  })
}

test('switching language in the middle of a long lesson keeps the reader in the same section', async ({ page }) => {
  await page.goto('/en/courses/victimization-surveys/dark-figure/what-records-miss')
  const heading = page.getByRole('heading', { level: 2, name: 'Comparing a survey estimate with a police count' })
  await heading.evaluate((element) => element.scrollIntoView({ block: 'start' }))
  await page.mouse.wheel(0, 200)
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000)
  // The reader stops here to read; then goes up to the header (Playwright scrolls to the link
  // before clicking it, as a reader would) and switches.
  const spanish = page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Español' })
  await expect(spanish).toHaveAttribute('href', /#section-4$/)
  await spanish.click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'es')
  await expect(page).toHaveURL(/\/es\/courses\/victimization-surveys\/dark-figure\/what-records-miss#section-4$/)
  await expect(
    page.getByRole('heading', { level: 2, name: 'Comparar una estimación de encuesta con un conteo policial' }),
  ).toBeInViewport()
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1000)
  // And back, from the Spanish side, to the same section.
  const english = page.getByRole('navigation', { name: 'Idioma' }).getByRole('link', { name: 'English' })
  await expect(english).toHaveAttribute('href', /#section-4$/)
  await english.click()
  await expect(page).toHaveURL(/\/en\/courses\/victimization-surveys\/dark-figure\/what-records-miss#section-4$/)
  await expect(heading).toBeInViewport()
})

test('the dashboard shows the next lesson to do, and for a completed course its certificate', async ({ page }) => {
  const learner = await newLearner('es')
  // ICCS: the first lesson done and last opened, so the next thing is the second lesson.
  await query(
    `INSERT INTO "Enrollment" (id, "userId", "courseId", source, status, "lastLessonId")
     VALUES ($1, $2, 'iccs', 'free', 'active', 'why-a-classification/common-language')`,
    [`e2e-enr-${randomUUID().slice(0, 8)}`, learner.id],
  )
  await query(
    `INSERT INTO "LessonProgress" (id, "userId", "courseId", "lessonId", "completedAt", "lastViewedAt")
     VALUES ($1, $2, 'iccs', 'why-a-classification/common-language', now(), now())`,
    [`e2e-lp-${randomUUID().slice(0, 8)}`, learner.id],
  )
  // UN-CTS: completed, with its certificate.
  await query(
    `INSERT INTO "Enrollment" (id, "userId", "courseId", source, status, "lastLessonId", "completedAt")
     VALUES ($1, $2, 'un-cts', 'free', 'completed', 'the-survey/how-countries-report', now())`,
    [`e2e-enr-${randomUUID().slice(0, 8)}`, learner.id],
  )
  for (const lesson of ['the-survey/what-it-is', 'the-survey/how-countries-report'])
    await query(
      `INSERT INTO "LessonProgress" (id, "userId", "courseId", "lessonId", "completedAt", "lastViewedAt")
       VALUES ($1, $2, 'un-cts', $3, now(), now())`,
      [`e2e-lp-${randomUUID().slice(0, 8)}`, learner.id, lesson],
    )
  const serial = `AULA-2026-E2E${randomUUID().slice(0, 6).toUpperCase()}`
  await query(
    `INSERT INTO "Certificate" (id, serial, "verificationCode", "userId", "courseId", "holderName", "courseTitleEn", "courseTitleEs")
     VALUES ($1, $2, $3, $4, 'un-cts', 'Lucía Pérez Gómez', 'The UN-CTS', 'La UN-CTS')`,
    [`e2e-cert-${randomUUID().slice(0, 8)}`, serial, randomUUID().replace(/-/g, ''), learner.id],
  )
  await logIn(page.request, learner.email)
  for (const lang of ['es', 'en'] as const) {
    await page.goto(`/${lang}/dashboard`)
    const iccs = page.locator('#enrolments-heading + ul > li').filter({
      has: page.getByRole('heading', {
        level: 3,
        name:
          lang === 'es'
            ? 'Clasificar el delito con fines estadísticos: la ICCS'
            : 'Classifying crime for statistics: the ICCS',
      }),
    })
    // Not "continue" to the lesson already done, but the next one.
    await expect(
      iccs.getByRole('link', {
        name: lang === 'es' ? /^Siguiente: / : /^Next: /,
      }),
    ).toHaveAttribute('href', `/${lang}/courses/iccs/why-a-classification/origin-and-status`)
    await expect(iccs.getByRole('link', { name: /^(Continue|Continuar): / })).toHaveCount(0)
    const uncts = page
      .locator('#enrolments-heading + ul > li')
      .filter({ has: page.getByRole('heading', { level: 3, name: lang === 'es' ? /^El UN-CTS/ : /^The UN-CTS/ }) })
    await expect(uncts).toHaveCount(1)
    await expect(uncts.getByText(lang === 'es' ? 'Completado' : 'Completed', { exact: true })).toBeVisible()
    await expect(uncts.getByRole('link', { name: /^(Continue|Continuar|Next|Siguiente)/ })).toHaveCount(0)
    await expect(
      uncts.getByRole('link', {
        name: lang === 'es' ? 'Descargar su certificado (PDF)' : 'Download your certificate (PDF)',
      }),
    ).toHaveAttribute('href', /\/certificates\/e2e-cert-[a-z0-9]+\.pdf$/)
    await expect(uncts.getByRole('link', { name: new RegExp(serial) })).toBeVisible()
    expect(await seriousA11yViolations(page)).toEqual([])
  }
})

const GLOSSARY = {
  en: {
    heading: 'Glossary: Classifying crime for statistics: the ICCS',
    link: /^Glossary \(\d+ terms\)$/,
    term: 'crime (criminal offence)',
    other: 'delito',
  },
  es: {
    heading: 'Glosario: Clasificar el delito con fines estadísticos: la ICCS',
    link: /^Glosario \(\d+ términos\)$/,
    term: 'delito',
    other: 'crime (criminal offence)',
  },
} as const

for (const lang of ['en', 'es'] as const) {
  test(`${lang}: each course has a glossary page, linked from the course page and from each term`, async ({ page }) => {
    await page.goto(`/${lang}/courses/iccs`)
    await page.getByRole('link', { name: GLOSSARY[lang].link }).click()
    await expect(page).toHaveURL(`/${lang}/courses/iccs/glossary`)
    await expect(page.getByRole('heading', { level: 1, name: GLOSSARY[lang].heading })).toBeVisible()
    const entry = page.locator('#term-crime')
    await expect(entry.locator('dt')).toContainText(GLOSSARY[lang].term)
    await expect(entry.locator('dt')).toContainText(GLOSSARY[lang].other)
    expect(await seriousA11yViolations(page)).toEqual([])

    // A key term in a lesson: its definition on focus, and a link to its glossary entry.
    await page.goto(`/${lang}/courses/iccs/why-a-classification/common-language`)
    const term = page.locator('.lesson-prose a.key-term').first()
    await term.focus()
    await expect(page.getByRole('tooltip').first()).toBeVisible()
    const href = await term.getAttribute('href')
    expect(href).toMatch(new RegExp(`^/${lang}/courses/iccs/glossary#term-[a-z0-9-]+$`))
    await term.click()
    await expect(page).toHaveURL(href!)
    await expect(page.locator(new URL(href!, 'http://x').hash)).toBeInViewport()
  })
}

for (const lang of ['en', 'es'] as const) {
  test(`${lang}: at 390 px wide, lessons with glossary terms do not scroll sideways`, async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 })
    for (const path of [
      '/courses/iccs/why-a-classification/common-language',
      '/courses/iccs/structure/key-definitions',
      '/courses/victimization-surveys/dark-figure/what-records-miss',
      '/courses/un-cts/the-survey/what-it-is',
    ]) {
      await page.goto(`/${lang}${path}`)
      await expect(page.locator('.lesson-prose dfn').first()).toBeAttached()
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390)
      // An open definition stays on the screen too.
      await page.locator('.lesson-prose [aria-describedby]').last().focus()
      await expect(page.getByRole('tooltip').last()).toBeVisible()
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        `${path}, a definition open`,
      ).toBeLessThanOrEqual(390)
    }
    expect(await seriousA11yViolations(page)).toEqual([])
  })
}
