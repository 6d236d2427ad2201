// Notes and bookmarks (issue 15, item 10): a learner bookmarks a lesson and writes a note in
// Spanish, finds both in English and on the dashboard in both languages; axe clean.
import { createLearner, expect, logIn, seriousA11yViolations, test } from './fixtures.ts'

test('bookmark and note a lesson in Spanish; both in English and on the dashboard', async ({ page }) => {
  const learner = await createLearner({
    prefix: 'e2e-notes',
    displayName: 'Lucía',
    certificateName: 'Lucía Peña',
    enrolIn: 'iccs',
  })
  await logIn(page.request, learner.email)

  await page.goto('/es/courses/iccs')
  await page
    .getByRole('link', { name: /^(Empezar|Continuar|Reanudar)/ })
    .first()
    .click()
  await expect(page).toHaveURL(/\/es\/courses\/iccs\/[^/]+\/[^/]+$/)
  const lessonPath = new URL(page.url()).pathname
  // The address changes a moment before the lesson renders: its notes panel says it has.
  const notes = page.getByRole('region', { name: 'Mis notas' })
  await expect(notes).toBeVisible()
  const title = (await page.getByRole('heading', { level: 1 }).textContent())!
  await notes.getByRole('button', { name: 'Marcar esta lección' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Lección marcada.' })).toBeVisible()
  await expect(notes.getByRole('button', { name: 'Marcar esta lección' })).toHaveAttribute('aria-pressed', 'true')
  await notes.getByLabel('Nota sobre esta lección').fill('Repasar la cifra negra\ny la tasa de denuncia.')
  await notes.getByRole('button', { name: 'Guardar nota' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Su nota se guardó.' })).toBeVisible()
  expect(await seriousA11yViolations(page), 'lesson page with notes').toEqual([])

  // The same lesson in English: the same note, the same bookmark.
  await page.goto(lessonPath.replace('/es/', '/en/'))
  const myNotes = page.getByRole('region', { name: 'My notes' })
  await expect(myNotes.getByLabel('Note on this lesson')).toHaveValue('Repasar la cifra negra\ny la tasa de denuncia.')
  await expect(myNotes.getByRole('button', { name: 'Bookmark this lesson' })).toHaveAttribute('aria-pressed', 'true')

  for (const [lang, heading] of [
    ['es', 'Mis notas y marcadores'],
    ['en', 'My notes and bookmarks'],
  ] as const) {
    await page.goto(`/${lang}/dashboard`)
    const section = page.getByRole('region', { name: heading })
    await expect(section.getByTestId('note')).toHaveCount(1)
    await expect(section.getByTestId('note')).toContainText('Repasar la cifra negra')
    await expect(section.getByRole('link')).toHaveAttribute('href', lessonPath.replace('/es/', `/${lang}/`))
    expect(await seriousA11yViolations(page), `${lang} dashboard with notes`).toEqual([])
  }
  await page.goto('/es/dashboard')
  await page.getByRole('region', { name: 'Mis notas y marcadores' }).getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
})
