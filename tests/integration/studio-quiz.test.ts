// The Studio's quiz editor over real HTTP (issue #18, ADR 034 §3d): a quiz created in the browser,
// given one question of each of the seven types in both languages with one answer key, checked by
// the loader's schema and checks, reviewed and published as a new version whose manifest has the
// quiz and its keys; bad input, published ids, stale revisions, other courses' trainers and
// learners are refused with a translated 4xx and change nothing.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { parse } from 'yaml'
import { stopCompileWorker } from '#app/content/compile-untrusted.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { quizNumberProblems } from '#app/content/quiz-quantities.server.ts'
import { QuizSchema, quizProblems, type Question } from '#app/content/schema.ts'
import { closeJobQueue, runJobsUntilIdle } from '#app/jobs/runner.server.ts'
import { readCourseFile } from '#app/studio/file-drafts.server.ts'
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
const COURSE = 'victimization-surveys'
const PUBLISHED = 'dark-figure-quiz'
const outlinePage = `/es/studio/${COURSE}`
const quizPage = (id: string) => `/es/studio/${COURSE}/quizzes/${id}`

let trainer: { id: string; cookie: string }
let secondTrainer: { id: string; cookie: string }
let otherCourseTrainer: string
let learner: string
let admin: { id: string; cookie: string }
beforeAll(async () => {
  const person = async (role: 'trainer' | 'admin' | 'learner', courses: string[], displayName: string) => {
    const user = await createUser({ role, displayName })
    if (courses.length) await assignCourses(user.id, courses)
    return { id: user.id, cookie: await loginCookie(user.id) }
  }
  trainer = await person('trainer', [COURSE], 'Ana Formadora')
  secondTrainer = await person('trainer', [COURSE], 'Beto Coautor')
  otherCourseTrainer = (await person('trainer', ['iccs'], 'Otra Persona')).cookie
  learner = (await person('learner', [], 'Lea Alumna')).cookie
  admin = await person('admin', [], 'Ada Administradora')
})

const { get, post } = pageClient(app)

/**
 * A question's form as the page sends it: its texts, its lists (rows keyed 0, 1, …, each with the
 * id it had) and its key, written as the page writes it in Spanish (a decimal comma).
 */
function questionForm(q: Question, revision: number, was = q.id): Array<[string, string]> {
  const fields: Array<[string, string]> = [
    ['intent', 'save-question'],
    ['revision', String(revision)],
    ['question', was],
    ['type', q.type],
    ['id', q.id],
    ['promptEn', q.prompt.en],
    ['promptEs', q.prompt.es],
    ['explanationEn', q.explanation.en],
    ['explanationEs', q.explanation.es],
  ]
  if (q.hint) fields.push(['hintEn', q.hint.en], ['hintEs', q.hint.es])
  const rows = (name: string, list: Array<{ id: string; text: { en: string; es: string } }>) =>
    list.forEach((o, i) =>
      fields.push(
        [`${name}.${i}.id`, o.id],
        [`${name}.${i}.was`, o.id],
        [`${name}.${i}.en`, o.text.en],
        [`${name}.${i}.es`, o.text.es],
      ),
    )
  const comma = (n: number) => String(n).replace('.', ',')
  switch (q.type) {
    case 'single':
    case 'multiple': {
      rows('options', q.options)
      const key = Array.isArray(q.answer) ? q.answer : [q.answer]
      for (const id of key) fields.push(['answer', String(q.options.findIndex((o) => o.id === id))])
      break
    }
    case 'order':
      rows('options', q.options)
      q.options.forEach((o, i) => fields.push([`options.${i}.position`, String(q.answer.indexOf(o.id) + 1)]))
      break
    case 'truefalse':
      fields.push(['answer', String(q.answer)])
      break
    case 'numeric':
      fields.push(['answer', comma(q.answer)])
      if ('relative' in q.tolerance)
        fields.push(['toleranceKind', 'relative'], ['tolerance', comma(q.tolerance.relative * 100)])
      else fields.push(['toleranceKind', 'absolute'], ['tolerance', comma(q.tolerance.absolute)])
      if (q.unit) fields.push(['unitEn', q.unit.en], ['unitEs', q.unit.es])
      if (q.significantFigures) fields.push(['significantFigures', String(q.significantFigures)])
      break
    case 'text':
      fields.push(['acceptEn', q.accept.en.join('\n')], ['acceptEs', q.accept.es.join('\n')])
      break
    case 'match':
      rows('categories', q.categories)
      rows('items', q.items)
      q.items.forEach((item, i) =>
        fields.push([`items.${i}.answer`, String(q.categories.findIndex((c) => c.id === item.answer))]),
      )
      break
  }
  return fields
}

/** Replaces (or adds) fields of a form. */
const replaced = (fields: Array<[string, string]>, changes: Record<string, string>): Array<[string, string]> => [
  ...fields.filter(([name]) => !(name in changes)),
  ...Object.entries(changes),
]

const text = (en: string, es: string) => ({ en, es })

/** One question of each type, in both languages, with their keys. */
const QUESTIONS: Question[] = [
  {
    id: 'victim-definition',
    type: 'single',
    prompt: text('Who answers a victimization survey?', '¿Quién responde una encuesta de victimización?'),
    options: [
      { id: 'households', text: text('A sample of households', 'Una muestra de hogares') },
      { id: 'police', text: text('The police', 'La policía') },
      { id: 'courts', text: text('The courts', 'Los tribunales') },
    ],
    answer: 'households',
    explanation: text('Surveys ask people directly.', 'Las encuestas preguntan directamente a las personas.'),
  },
  {
    id: 'survey-sources',
    type: 'multiple',
    prompt: text('Which are surveys?', '¿Cuáles son encuestas?'),
    options: [
      { id: 'ncvs', text: text('A national crime survey', 'Una encuesta nacional de delitos') },
      { id: 'register', text: text('A police register', 'Un registro policial') },
      { id: 'ics', text: text('An international survey', 'Una encuesta internacional') },
    ],
    answer: ['ncvs', 'ics'],
    explanation: text('Registers are records, not surveys.', 'Los registros son archivos, no encuestas.'),
    hint: text('Think of who is asked.', 'Piense en a quién se pregunta.'),
  },
  {
    id: 'reported-all',
    type: 'truefalse',
    prompt: text('Every crime is reported to the police.', 'Todos los delitos se denuncian a la policía.'),
    answer: false,
    explanation: text('Many crimes are never reported.', 'Muchos delitos nunca se denuncian.'),
  },
  {
    id: 'reporting-rate',
    type: 'numeric',
    prompt: text(
      'What share of the incidents was reported, in percent?',
      '¿Qué parte de los incidentes se denunció, en porcentaje?',
    ),
    answer: 12.5,
    tolerance: { relative: 0.05 },
    unit: text('percent', 'por ciento'),
    explanation: text(
      'Divide the reported incidents by all incidents.',
      'Divida los incidentes denunciados entre todos los incidentes.',
    ),
  },
  {
    id: 'dark-figure-name',
    type: 'text',
    prompt: text(
      'What is the name of the crime that is never recorded?',
      '¿Cómo se llama la delincuencia que nunca se registra?',
    ),
    accept: { en: ['dark figure', 'dark figure of crime'], es: ['cifra negra', 'cifra oculta'] },
    explanation: text('It is called the dark figure.', 'Se llama cifra negra.'),
  },
  {
    id: 'survey-steps',
    type: 'order',
    prompt: text('Put the steps of a survey in order.', 'Ordene los pasos de una encuesta.'),
    options: [
      { id: 'sample', text: text('Draw the sample', 'Extraer la muestra') },
      { id: 'interview', text: text('Interview', 'Entrevistar') },
      { id: 'weight', text: text('Weight the answers', 'Ponderar las respuestas') },
    ],
    answer: ['sample', 'interview', 'weight'],
    explanation: text(
      'Sample, then ask, then weight.',
      'Primero la muestra, luego las preguntas y después la ponderación.',
    ),
  },
  {
    id: 'source-kinds',
    type: 'match',
    prompt: text('Match each source to its kind.', 'Relacione cada fuente con su tipo.'),
    categories: [
      { id: 'survey', text: text('Survey', 'Encuesta') },
      { id: 'record', text: text('Administrative record', 'Registro administrativo') },
    ],
    items: [
      { id: 'victim-survey', text: text('Victimization survey', 'Encuesta de victimización'), answer: 'survey' },
      { id: 'police-data', text: text('Police data', 'Datos policiales'), answer: 'record' },
    ],
    explanation: text(
      'Surveys ask people; records count cases.',
      'Las encuestas preguntan a personas; los registros cuentan casos.',
    ),
  },
]

const NEW_QUIZ = 'survey-basics'

test('a trainer of another course and a learner are refused (403) on the page and every action; an unknown quiz is a 404; bad input is a translated 4xx and changes nothing', async () => {
  const published = (await studioCourseSource(COURSE)).quizzes.get(PUBLISHED)!.quiz
  const single = published.questions.find((q) => q.type === 'single')!
  const numeric = published.questions.find((q) => q.type === 'numeric')!
  const fingerprint = await databaseFingerprint()
  const page = quizPage(PUBLISHED)
  const settings = {
    intent: 'save-settings',
    revision: '0',
    passingScore: '80',
    maxAttempts: '2',
    feedback: 'always',
  }
  const add = { intent: 'add-question', revision: '0', id: 'nueva', type: 'single' }
  const del = { intent: 'delete-question', revision: '0', question: single.id }
  const move = { intent: 'move-question', revision: '0', question: single.id, position: '2' }
  const create = { intent: 'create-quiz', quiz: 'otro', passingScore: '70', type: 'single' }

  for (const cookie of [otherCourseTrainer, learner]) {
    expect((await get(page, cookie)).status).toBe(403)
    for (const fields of [settings, add, del, move, questionForm(single, 0)]) {
      const refused = await post(page, fields, cookie)
      expect(refused.status).toBe(403)
    }
    expect((await post(outlinePage, create, cookie)).status).toBe(403)
  }
  expect((await get(quizPage('no-such-quiz'), trainer.cookie)).status).toBe(404)
  expect((await get(quizPage('Not_A_Slug'), trainer.cookie)).status).toBe(404)
  expect((await post(quizPage('no-such-quiz'), settings, trainer.cookie)).status).toBe(404)

  const cases: Array<[string, Record<string, string> | Array<[string, string]>, number, string]> = [
    [
      'a correct answer that is not one of the options',
      replaced(questionForm(single, 0), { answer: '9' }),
      400,
      'La respuesta correcta debe ser una de las opciones',
    ],
    [
      'a numeric answer that is not a number',
      replaced(questionForm(numeric, 0), { answer: 'doce' }),
      400,
      'Escriba un número',
    ],
    ['a type that does not exist (added)', { ...add, type: 'essay' }, 400, 'Elija uno de los tipos de pregunta'],
    [
      'a type that does not exist (saved)',
      replaced(questionForm(single, 0), { type: 'essay' }),
      400,
      'Elija uno de los tipos de pregunta',
    ],
    [
      'a question saved as another type',
      replaced(questionForm(single, 0), { type: 'multiple' }),
      400,
      'Elija uno de los tipos de pregunta',
    ],
    [
      'a hand-formatted number in a prompt',
      replaced(questionForm(single, 0), { promptEn: 'Of 12,750,000 incidents, which source counts more?' }),
      400,
      'Escriba los números con la etiqueta',
    ],
    [
      'an empty prompt in Spanish',
      replaced(questionForm(single, 0), { promptEs: '   ' }),
      400,
      'Este campo es obligatorio',
    ],
    [
      'an empty option in English',
      replaced(questionForm(single, 0), { 'options.0.en': '' }),
      400,
      'Este campo es obligatorio',
    ],
    ['a duplicate question id (added)', { ...add, id: numeric.id }, 400, 'ya tiene este identificador'],
    [
      "a published question's id changed",
      replaced(questionForm(single, 0), { id: 'otro-id' }),
      400,
      'no puede cambiarse',
    ],
    [
      "a published option's id changed",
      replaced(questionForm(single, 0), { 'options.0.id': 'otra-opcion' }),
      400,
      'no puede cambiarse',
    ],
    ['a move past the end', { ...move, position: '99' }, 400, 'Esa posición no existe'],
    ['a move before the start', { ...move, position: '0' }, 400, 'Esa posición no existe'],
    ['a position that is not a number', { ...move, position: 'arriba' }, 400, 'Esa posición no existe'],
    [
      'a question the quiz does not have',
      { ...move, question: 'no-such-question' },
      404,
      'ya no está en el cuestionario',
    ],
    ['a passing score over 100', { ...settings, passingScore: '120' }, 400, 'fuera del intervalo'],
    ['a feedback policy that does not exist', { ...settings, feedback: 'sometimes' }, 400, ''],
    ['a stale revision', { ...settings, revision: '5' }, 409, 'guardó este cuestionario'],
    ['a stale question save', questionForm(single, 3), 409, 'guardó este cuestionario'],
    ['a quiz id with capitals', { ...create, quiz: 'Mi Cuestionario' }, 400, 'Use letras minúsculas'],
    [
      'a quiz id the course has',
      { ...create, quiz: PUBLISHED },
      400,
      'ya tiene un cuestionario con este identificador',
    ],
    ['a new quiz of a type that does not exist', { ...create, type: 'essay' }, 400, 'Elija uno de los tipos'],
  ]
  for (const [label, fields, status, message] of cases) {
    const target = Array.isArray(fields) || fields.intent !== 'create-quiz' ? page : outlinePage
    const refused = await post(target, fields, trainer.cookie)
    expect(refused.status, label).toBe(status)
    if (message) expect(refused.text, label).toContain(message)
  }
  expect(await databaseFingerprint()).toEqual(fingerprint)
})

test(
  'a quiz created in the browser with one question of each type in both languages is checked, reviewed and published with its answer keys',
  { timeout: 120_000 },
  async () => {
    // Created with one question to start from; it opens in the quiz editor.
    const created = await post(
      outlinePage,
      { intent: 'create-quiz', quiz: NEW_QUIZ, passingScore: '80', type: 'truefalse' },
      trainer.cookie,
    )
    expect(created.status, created.text.slice(0, 300)).toBe(302)
    expect(created.location).toBe(quizPage(NEW_QUIZ))
    let revision = 1
    const outline = await get(outlinePage, trainer.cookie)
    expect(outline.text).toContain(`/es/studio/${COURSE}/quizzes/${NEW_QUIZ}`)
    expect(outline.text).toContain('Borrador en curso')

    const ok = async (fields: Record<string, string> | Array<[string, string]>, label: string) => {
      const saved = await post(quizPage(NEW_QUIZ), fields, trainer.cookie)
      expect(saved.status, `${label}: ${saved.text.slice(0, 2000)}`).toBe(302)
      revision++
    }
    for (const q of QUESTIONS) {
      await ok({ intent: 'add-question', revision: String(revision), id: q.id, type: q.type }, `add ${q.id}`)
      await ok(questionForm(q, revision), `save ${q.id}`)
    }
    // The first question, a template, is deleted; the match question moved first.
    await ok({ intent: 'delete-question', revision: String(revision), question: 'question-1' }, 'delete')
    await ok({ intent: 'move-question', revision: String(revision), question: 'source-kinds', position: '1' }, 'move')
    await ok(
      {
        intent: 'save-settings',
        revision: String(revision),
        passingScore: '75',
        maxAttempts: '3',
        shuffle: 'on',
        countsForCertificate: 'on',
        feedback: 'always',
      },
      'settings',
    )

    // Ana saves again; Beto, on the page he had opened before, is refused and told who saved and when.
    await ok(
      {
        intent: 'save-settings',
        revision: String(revision),
        passingScore: '70',
        maxAttempts: '3',
        feedback: 'always',
      },
      'settings',
    )
    const fingerprint = await databaseFingerprint()
    const late = await post(
      quizPage(NEW_QUIZ),
      { intent: 'move-question', revision: String(revision - 1), question: 'source-kinds', position: '2' },
      secondTrainer.cookie,
    )
    expect(late.status).toBe(409)
    expect(late.text).toContain('Ana Formadora guardó este cuestionario el')
    expect(await databaseFingerprint()).toEqual(fingerprint)

    // The saved file passes the loader's schema and the course's quiz checks, with the keys as sent.
    const file = await readCourseFile(COURSE, `quizzes/${NEW_QUIZ}.yaml`)
    expect(file.revision).toBe(revision)
    const yaml = file.bytes!.toString('utf8')
    const quiz = QuizSchema.parse(parse(yaml))
    expect(quizProblems(quiz)).toEqual([])
    expect(quizNumberProblems(yaml)).toEqual([])
    expect(yaml).toContain('text: { en: A sample of households, es: Una muestra de hogares }')
    const expected = [QUESTIONS[6]!, ...QUESTIONS.slice(0, 6)]
    expect(quiz.questions.map((q) => q.id)).toEqual(expected.map((q) => q.id))
    expect(quiz).toMatchObject({ id: NEW_QUIZ, passingScore: 70, maxAttempts: 3, shuffle: false, feedback: 'always' })
    for (const q of expected)
      expect(
        quiz.questions.find((x) => x.id === q.id),
        q.id,
      ).toEqual(q)

    // The page shows the questions, and the preview draws the learner's form read-only.
    const editor = await get(`${quizPage(NEW_QUIZ)}?preview=en&question=victim-definition`, trainer.cookie)
    expect(editor.status).toBe(200)
    expect(editor.text).toContain('Lo que ve el alumnado, en inglés')
    expect(editor.text).toMatch(/<fieldset disabled=""/)
    expect(editor.text).toContain('A sample of households')
    expect(editor.text).not.toContain('name="intent" value="submit-quiz"')

    // Reviewed and published: the new version's manifest has the quiz, its questions and keys.
    const submitted = await post(outlinePage, { intent: 'submit-review', message: '' }, trainer.cookie)
    expect(submitted.status, submitted.text.slice(0, 300)).toBe(302)
    expect((await post(submitted.location!, { intent: 'publish' }, admin.cookie)).status).toBe(302)
    await runJobsUntilIdle()
    const review = await prisma.contentReview.findFirstOrThrow({
      where: { courseId: COURSE },
      orderBy: { submittedAt: 'desc' },
      select: { status: true, refusal: true },
    })
    expect(review).toMatchObject({ status: 'published', refusal: null })
    const version = await prisma.course.findUniqueOrThrow({
      where: { id: COURSE },
      select: { currentVersion: { select: { manifest: true } } },
    })
    const manifest = version.currentVersion!.manifest as unknown as ManifestCourse
    const publishedQuiz = manifest.quizzes[NEW_QUIZ]!
    expect(publishedQuiz.questions.map((q) => q.id)).toEqual(expected.map((q) => q.id))
    for (const q of expected)
      expect(
        publishedQuiz.questions.find((x) => x.id === q.id),
        q.id,
      ).toEqual(q)

    // Now published: the question ids are fixed.
    const after = await readCourseFile(COURSE, `quizzes/${NEW_QUIZ}.yaml`)
    const renamed = await post(
      quizPage(NEW_QUIZ),
      replaced(questionForm(QUESTIONS[0]!, after.revision), { id: 'renamed' }),
      trainer.cookie,
    )
    expect(renamed.status).toBe(400)
    expect(renamed.text).toContain('no puede cambiarse')
  },
)
