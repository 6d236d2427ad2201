// The lesson page's quiz as a browser without JavaScript gets it, over real HTTP (the Remix request
// handler, route modules loaded by Vite): the HTML and the loader data (single fetch's `.data`) of a
// results page under the feedback policy (issue 14, ADR 020), and an invalid quiz form answered by
// the server with its errors at the questions and a summary that takes focus (issue 15).
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getManifest } from '#app/content/catalog.server.ts'
import { type QuizFile } from '#app/content/schema.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { type QuizAnswers } from '#app/quizzes/grade.ts'
import { prisma } from '#app/utils/db.server.ts'
import { CLIENT_IP_HEADER, startAppServer, type AppServer } from '#tests/http.ts'
import { keyAnswers, quizForm } from '#tests/quiz-form.ts'
import { createUser, inEveryConvention, loginCookie, shownToTestLearner } from '#tests/utils.ts'

let app: AppServer
let quiz: QuizFile
let lesson: string // the path after /{lang}

beforeAll(async () => {
  app = await startAppServer()
  await syncCatalogue(prisma, getManifest())
  const iccs = getManifest().courses.find((c) => c.id === 'iccs')!
  const holder = iccs.modules
    .flatMap((m) => m.lessons.map((l) => ({ m, l })))
    .find(({ l }) => l.locales.en.quizIds.includes('foundations-quiz'))!
  quiz = iccs.quizzes['foundations-quiz']!
  lesson = `/courses/iccs/${holder.m.slug}/${holder.l.slug}`
}, 120_000)

afterAll(async () => {
  await app?.close()
})

async function enrolledLearner() {
  const user = await createUser()
  await prisma.enrolment.create({ data: { userId: user.id, courseId: 'iccs', source: 'free' }, select: { id: true } })
  return loginCookie(user.id)
}

let ip = 0
async function post(path: string, fields: Array<[string, string]>, cookie: string) {
  return fetch(`${app.origin}${path}`, {
    method: 'POST',
    headers: {
      Origin: app.origin,
      Cookie: cookie,
      'Content-Type': 'application/x-www-form-urlencoded',
      [CLIENT_IP_HEADER]: `198.19.0.${++ip}`,
    },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  })
}

/** Submits answers as the quiz form does; the attempt the server redirected to. */
async function attempt(cookie: string, answers: QuizAnswers): Promise<string> {
  const response = await post(`/en${lesson}`, quizForm(quiz, answers), cookie)
  expect(response.status).toBe(302)
  return new URL(response.headers.get('Location')!, app.origin).searchParams.get('attempt')!
}

/** The results page of an attempt: its HTML and its loader data as the browser fetches it on navigation. */
async function resultsPage(cookie: string, lang: 'en' | 'es', attemptId: string) {
  const html = await fetch(`${app.origin}/${lang}${lesson}?attempt=${attemptId}`, { headers: { Cookie: cookie } })
  const data = await fetch(`${app.origin}/${lang}${lesson}.data?attempt=${attemptId}`, { headers: { Cookie: cookie } })
  expect(html.status).toBe(200)
  expect(data.status).toBe(200)
  return { html: decode(await html.text()), data: await data.text() }
}

/** The page's text as a reader gets it: entities decoded, React's separators between text nodes gone. */
function decode(html: string): string {
  return html
    .replace(/<!-- -->/g, '')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

function wrongAnswers(): QuizAnswers {
  const answers = keyAnswers(quiz)
  for (const q of quiz.questions) {
    if (q.type === 'single') answers[q.id] = q.options.find((o) => o.id !== q.answer)!.id
    else if (q.type === 'multiple') answers[q.id] = [q.options.find((o) => !q.answer.includes(o.id))!.id]
    else if (q.type === 'truefalse') answers[q.id] = String(!q.answer)
    else if (q.type === 'numeric') answers[q.id] = String(q.answer * 3 + 1000)
    else if (q.type === 'text') answers[q.id] = 'zzz'
    else if (q.type === 'order')
      answers[q.id] = [...q.answer.slice(1), q.answer[0]!] // every step out of place
    else if (q.type === 'match')
      answers[q.id] = Object.fromEntries(
        q.items.map((item) => [item.id, q.categories.find((c) => c.id !== item.answer)!.id]),
      )
  }
  return answers
}

const EXPLANATIONS = () => quiz.questions.flatMap((q) => inEveryConvention(q.explanation))
const LABEL = { en: 'Correct answer', es: 'Respuesta correcta' }

test('a failed attempt with attempts left: no correct answer or explanation in the HTML or the loader data; after passing, both', async () => {
  const cookie = await enrolledLearner()
  const failed = await attempt(cookie, wrongAnswers())
  for (const lang of ['en', 'es'] as const) {
    const { html, data } = await resultsPage(cookie, lang, failed)
    expect(html).toContain(lang === 'en' ? 'Not passed yet' : 'Aún no aprueba')
    for (const secret of EXPLANATIONS()) {
      expect(html, `the HTML leaks "${secret.slice(0, 40)}"`).not.toContain(secret)
      expect(data, `the loader data leaks "${secret.slice(0, 40)}"`).not.toContain(secret)
    }
    for (const text of [html, data]) expect(text).not.toMatch(/correctAnswer|"explanation"/)
    expect(html).not.toContain(`${LABEL[lang]}:`)
    // What the learner does see: the result per question, their answer as read, the hints.
    expect(html).toContain(lang === 'en' ? '1225 → read as 1225' : '1225 → se leyó como 1225')
    for (const q of quiz.questions.filter((x) => x.hint))
      expect(html).toContain(shownToTestLearner(q.hint![lang], lang))
  }

  const passed = await attempt(cookie, keyAnswers(quiz))
  for (const attemptId of [passed, failed]) {
    for (const lang of ['en', 'es'] as const) {
      const { html, data } = await resultsPage(cookie, lang, attemptId)
      for (const q of quiz.questions) {
        expect(html).toContain(shownToTestLearner(q.explanation[lang], lang))
        expect(data).toContain(shownToTestLearner(q.explanation[lang], lang))
      }
      // The failed attempt now shows the right answers beside the wrong ones.
      if (attemptId === failed) expect(html).toContain(`${LABEL[lang]}:`)
    }
  }
})

test('the last attempt shows the correct answers and explanations', async () => {
  const cookie = await enrolledLearner()
  let last = ''
  for (let i = 0; i < quiz.maxAttempts; i++) last = await attempt(cookie, wrongAnswers())
  const { html, data } = await resultsPage(cookie, 'es', last)
  expect(html).toContain('Ya usó todos los intentos')
  for (const q of quiz.questions) {
    expect(html).toContain(shownToTestLearner(q.explanation.es, 'es'))
    expect(data).toContain(shownToTestLearner(q.explanation.es, 'es'))
  }
  expect(html).toContain('Respuesta correcta:')
})

test('without JavaScript, an invalid quiz comes back with the error at its question and a summary that takes focus, answers kept, in both languages', async () => {
  const cookie = await enrolledLearner()
  const order = quiz.questions.find((q) => q.type === 'order')!
  const single = quiz.questions.find((q) => q.type === 'single')!
  const numeric = quiz.questions.find((q) => q.type === 'numeric')!
  if (order.type !== 'order' || single.type !== 'single' || numeric.type !== 'numeric') throw new Error('quiz types')
  // Two steps at position 1 (easy with the keyboard); every other answer right.
  const fields = quizForm(quiz, keyAnswers(quiz)).map(([name, value]): [string, string] =>
    name === `answers.${order.id}.${order.answer[1]}` ? [name, '1'] : [name, value],
  )
  const before = await prisma.quizAttempt.count()
  const words = {
    en: {
      message: 'Give each position to one option only.',
      title: 'There is a problem with your answers',
      n: 'Question',
    },
    es: {
      message: 'Asigne cada posición a una sola opción.',
      title: 'Hay un problema con sus respuestas',
      n: 'Pregunta',
    },
  }
  for (const lang of ['en', 'es'] as const) {
    const response = await post(`/${lang}${lesson}`, fields, cookie)
    expect(response.status).toBe(400)
    const html = decode(await response.text())
    const { message, title, n } = words[lang]
    // Nowhere above the quiz (it used to be an alert at the top of the lesson, naming no question).
    const quizAt = html.indexOf('<section id="quiz-foundations-quiz"')
    expect(quizAt).toBeGreaterThan(0)
    expect(html.indexOf(message)).toBeGreaterThan(quizAt)
    // The summary opens the quiz's form, takes focus on load (no script needed), links to the question.
    const form = html.slice(html.indexOf('<form', quizAt))
    const summary = form.match(
      /^<form[^>]*>(<div id="quiz-form-foundations-quiz-errors"[^>]*>[\s\S]*?<\/ul><\/div><\/div>)/,
    )
    expect(summary, 'the error summary first in the form').not.toBeNull()
    expect(summary![1]).toMatch(/^<div[^>]*tabindex="-1"[^>]*autofocus=""/)
    expect(summary![1]).toContain(title)
    const position = quiz.questions.indexOf(order) + 1
    expect(summary![1]).toMatch(
      new RegExp(`<a href="#quiz-form-foundations-quiz-${order.id}-[a-z0-9-]+"[^>]*>${n} ${position}: ${message}</a>`),
    )
    // At the question: the group marked invalid and described by its message.
    const fieldset = html.match(
      new RegExp(`<fieldset id="quiz-form-foundations-quiz-${order.id}"[^>]*>[\\s\\S]*?</fieldset>`),
    )
    expect(fieldset![0]).toMatch(
      new RegExp(
        `^<fieldset[^>]*aria-invalid="true"[^>]*aria-describedby="quiz-form-foundations-quiz-${order.id}-error"`,
      ),
    )
    expect(fieldset![0]).toContain(`id="quiz-form-foundations-quiz-${order.id}-error"`)
    expect(fieldset![0]).toContain(message)
    // The other answers are still there: nothing to type again.
    const radio = html.match(
      new RegExp(`<input[^>]*id="quiz-form-foundations-quiz-${single.id}-${single.answer}"[^>]*>`),
    )
    expect(radio![0]).toContain('checked=""')
    const input = html.match(new RegExp(`<input[^>]*id="quiz-form-foundations-quiz-${numeric.id}-input"[^>]*>`))
    expect(input![0]).toContain(`value="${numeric.answer}"`)
  }
  expect(await prisma.quizAttempt.count()).toBe(before)
})
