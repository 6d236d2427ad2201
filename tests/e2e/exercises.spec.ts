// A data exercise in Chromium (issue 17, ADR 032): a learner in each language reads the table in
// their number convention, solves a two-step exercise with a decimal comma, gets partial credit
// for the wrong step, passes, sees the worked solution and the course's progress move; axe is
// clean on the form and on the results. Then the course's trainer sees the figures per step,
// the rate per 1,000 among the wrong answers.
import { createLearner, expect, logIn, logInPage, seriousA11yViolations, test } from './fixtures.ts'

const COURSE = 'victimization-surveys'
const EXERCISE = 'prevalence-exercise'
const LESSON = `/courses/${COURSE}/indicators/prevalence-and-incidence`

const WORDS = {
  en: {
    country: 'GB',
    enrol: 'Enrol for free',
    title: 'Practise with data',
    caption: /Results of a victimization survey/,
    women: ['Women', '2,600', '286', '403'],
    readAs: 'Read as 11.96',
    submit: 'Submit answers',
    passed: 'Passed, with 50 %.',
    correct: 'Correct',
    incorrect: 'Incorrect',
    given: '174,2 → read as 174.2',
    solution: 'Worked solution',
    arithmetic: /871 \/ 5,000 × 100,000 = 17,420 crimes per 100,000 adults/,
    done: 'You have completed this lesson.',
    progress: /(\d+) % of the course complete/,
  },
  es: {
    country: 'CO',
    enrol: 'Inscribirme gratis',
    title: 'Practique con datos',
    caption: /Resultados de una encuesta de victimización/,
    women: ['Mujeres', '2.600', '286', '403'],
    readAs: 'Se leerá como 11.96',
    submit: 'Enviar respuestas',
    passed: 'Aprobado, con 50 %.',
    correct: 'Correcta',
    incorrect: 'Incorrecta',
    given: '174,2 → se leyó como 174.2',
    solution: 'Solución paso a paso',
    arithmetic: /871 \/ 5\.000 × 100\.000 = 17\.420 delitos/,
    done: 'Completó esta lección.',
    progress: /(\d+) % del curso completado/,
  },
} as const

/** A learner of our own (the demo learner's password), in the language's usual country. */
async function newLearner(lang: 'en' | 'es'): Promise<string> {
  const { email } = await createLearner({
    prefix: 'e2e-exercise',
    displayName: 'Ana',
    certificateName: 'Ana Pérez',
    country: WORDS[lang].country,
    organisation: 'INE',
    locale: lang,
  })
  return email
}

for (const lang of ['en', 'es'] as const) {
  const w = WORDS[lang]
  test(`${lang}: two steps with a decimal comma, one wrong: partial credit, the solution, progress moves`, async ({
    page,
  }) => {
    await logIn(page.request, await newLearner(lang))
    await page.goto(`/${lang}${LESSON}`)
    await page.getByRole('button', { name: w.enrol }).first().click()
    const block = page.locator(`#quiz-${EXERCISE}`)
    await expect(block.getByRole('heading', { name: w.title })).toBeVisible()
    // The table, numbers in the reader's convention.
    const table = block.getByRole('table', { name: w.caption })
    await expect(table).toBeVisible()
    const women = table.getByRole('row').nth(1)
    await expect(women.getByRole('rowheader')).toHaveText(w.women[0])
    await expect(women.getByRole('cell')).toHaveText(w.women.slice(1))
    const progressBefore = Number((await page.getByText(w.progress).textContent())!.match(/(\d+) %/)![1])
    expect(await seriousA11yViolations(page), 'the exercise form').toEqual([])

    // Each step is a fieldset (a group named by its prompt).
    const steps = block.getByRole('group')
    await expect(steps).toHaveCount(2)
    await steps.nth(0).getByRole('textbox').fill('11,96')
    await expect(steps.nth(0).getByText(w.readAs)).toBeVisible()
    // Per 1,000 instead of per 100,000: the wrong step.
    await steps.nth(1).getByRole('textbox').fill('174,2')
    await block.getByRole('button', { name: w.submit }).click()

    await expect(block.getByRole('status').filter({ hasText: w.passed })).toBeVisible()
    await expect(block.getByText(w.correct, { exact: true })).toHaveCount(1)
    await expect(block.getByText(w.incorrect, { exact: true })).toHaveCount(1)
    await expect(block.getByText(w.given)).toBeVisible()
    // Passed: the worked solution, with its arithmetic in the learner's convention (Colombia: 5.000).
    const solution = block.getByRole('region', { name: w.solution })
    await expect(solution).toBeVisible()
    await expect(solution.getByText(w.arithmetic)).toBeVisible()
    await expect(page.getByText(w.done)).toBeVisible()
    const progressAfter = Number((await page.getByText(w.progress).textContent())!.match(/(\d+) %/)![1])
    expect(progressAfter).toBeGreaterThan(progressBefore)
    expect(await seriousA11yViolations(page), 'the exercise results').toEqual([])
  })
}

test("the trainer's course page shows each step's right answers and the wrong answers written", async ({ page }) => {
  // Runs after the learners above when the file runs in order; on its own it makes its own attempt.
  await logIn(page.request, await newLearner('es'))
  await page.goto(`/es${LESSON}`)
  await page.getByRole('button', { name: WORDS.es.enrol }).first().click()
  const steps = page.locator(`#quiz-${EXERCISE} form fieldset`)
  await steps.nth(0).getByRole('textbox').fill('11,96')
  await steps.nth(1).getByRole('textbox').fill('174,2')
  await page.getByRole('button', { name: WORDS.es.submit }).click()
  await expect(page.getByRole('status').filter({ hasText: WORDS.es.passed })).toBeVisible()

  await page.context().clearCookies()
  await logInPage(page, 'trainer')
  await page.goto(`/en/teach/${COURSE}`)
  const section = page.getByRole('region', { name: 'Data exercises' })
  await expect(section).toBeVisible()
  const table = section.getByRole('table', { name: /Steps of Prevalence and incidence/ })
  const incidence = table.getByRole('row', { name: /incidence rate/ })
  const cells = incidence.getByRole('cell')
  const learners = Number((await cells.nth(0).textContent())!.replace(/\D/g, ''))
  expect(learners).toBeGreaterThanOrEqual(1)
  // The rate per 1,000 instead of per 100,000 is among the wrong answers, with its count.
  await expect(cells.nth(2)).toContainText(/174,2 \(\d+ learners?\)/)
  expect(await seriousA11yViolations(page), "the trainer's course page").toEqual([])
})
