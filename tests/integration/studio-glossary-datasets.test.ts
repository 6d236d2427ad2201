// The Studio's glossary and dataset editors over real HTTP (issue #18, ADR 034 §3e): a term added in
// both languages and another edited, the new term used by a lesson draft (the preview knows it), a
// dataset's data and a column label edited and a new dataset created from a CSV, all reviewed and
// published by another trainer into the next version; bad input, a term or column a lesson uses, a
// stale page and people who do not teach the course are refused, translated, and change nothing.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { stopCompileWorker } from '#app/content/compile-untrusted.server.ts'
import { type ManifestCourse } from '#app/content/manifest.ts'
import { closeJobQueue, runJobsUntilIdle } from '#app/jobs/runner.server.ts'
import { publishedLessonText, studioCourseSource } from '#app/studio/studio.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { MAX_STUDIO_CSV_BYTES, MAX_STUDIO_CSV_ROWS } from '#app/utils/limits.ts'
import { pageClient, serveAppForFile } from '#tests/http.ts'
import { assignCourses, createUser, databaseFingerprint, loginCookie } from '#tests/utils.ts'

const app = serveAppForFile({ catalogue: true, versions: true })
afterAll(async () => {
  await stopCompileWorker()
  await closeJobQueue()
})

const COURSE = 'un-cts'
const glossaryPage = `/es/studio/${COURSE}/glossary`
const datasetsPage = `/es/studio/${COURSE}/datasets`
const DATASET = 'prison-population'
const datasetPage = `${datasetsPage}/${DATASET}`
// Used by «Flujos, existencias y fechas de referencia» (a key term and a stacked-bar chart).
const USED_TERM = 'stock'
const LESSON_TITLE = 'Flujos, existencias y fechas de referencia'
const NEW_TERM = 'unsentenced-share'

let author: { id: string; cookie: string }
let reviewer: { id: string; cookie: string }
let otherCourseTrainer: string
let learner: string
beforeAll(async () => {
  const person = async (role: 'trainer' | 'learner', courses: string[], displayName: string) => {
    const user = await createUser({ role, displayName })
    if (courses.length) await assignCourses(user.id, courses)
    return { id: user.id, cookie: await loginCookie(user.id) }
  }
  author = await person('trainer', [COURSE], 'Ana Autora')
  reviewer = await person('trainer', [COURSE], 'Beto Revisor')
  otherCourseTrainer = (await person('trainer', ['iccs'], 'Otra Persona')).cookie
  learner = (await person('learner', [], 'Lea Alumna')).cookie
})

const { get, post, postMultipart } = pageClient(app)

const PRISON_CSV = [
  'year,status,persons',
  '2019,sentenced,12439',
  '2019,unsentenced,5857',
  '2020,sentenced,11252',
  '2020,unsentenced,6194',
  '2021,sentenced,12535',
  '2021,unsentenced,5903',
  '2022,sentenced,12116',
  '2022,unsentenced,5989',
  '2023,sentenced,12853',
  '2023,unsentenced,5151',
].join('\n')

const COLUMNS = [
  { name: 'year', labelEn: 'Year', labelEs: 'Año', type: 'year', unitEn: '', unitEs: '' },
  { name: 'status', labelEn: 'Status', labelEs: 'Situación', type: 'code', unitEn: '', unitEs: '' },
  {
    name: 'persons',
    labelEn: 'Persons held',
    labelEs: 'Personas recluidas',
    type: 'integer',
    unitEn: 'persons',
    unitEs: 'personas',
  },
]

/** The dataset form as the page sends it: the texts, each column's row, the CSV. */
function datasetForm(
  options: { csv?: string; columns?: typeof COLUMNS; revisions?: [number, number]; file?: File } = {},
): Array<[string, string | File]> {
  const [yamlRevision, csvRevision] = options.revisions ?? [0, 0]
  const fields: Array<[string, string | File]> = [
    ['intent', 'save-dataset'],
    ['yamlRevision', String(yamlRevision)],
    ['csvRevision', String(csvRevision)],
    ['titleEn', 'Persons held in prison on 31 December, sentenced and unsentenced, 2019–2023'],
    ['titleEs', 'Personas en prisión al 31 de diciembre, condenadas y sin condena, 2019-2023'],
    ['descriptionEn', 'A stock counted on one day each year for an invented country.'],
    ['descriptionEs', 'Un stock contado un día de cada año en un país inventado.'],
    ['fictitious', 'on'],
  ]
  for (const c of options.columns ?? COLUMNS)
    fields.push(
      ['columnName', c.name],
      ['columnLabelEn', c.labelEn],
      ['columnLabelEs', c.labelEs],
      ['columnType', c.type],
      ['columnUnitEn', c.unitEn],
      ['columnUnitEs', c.unitEs],
      ['columnRequired', 'yes'],
    )
  fields.push(['csv', options.csv ?? PRISON_CSV])
  if (options.file) fields.push(['csvFile', options.file])
  return fields
}

const term = (intent: string, id: string, revision: number, overrides: Record<string, string> = {}) => ({
  intent,
  id,
  revision: String(revision),
  termEn: 'share of unsentenced detainees',
  definitionEn: 'Persons held without a sentence as a share of all persons held (SDG indicator 16.3.2).',
  termEs: 'proporción de detenidos sin condena',
  definitionEs:
    'Personas recluidas sin sentencia como proporción del total de personas recluidas (indicador 16.3.2 de los ODS).',
  ...overrides,
})

const currentVersion = async () =>
  (
    await prisma.course.findUniqueOrThrow({
      where: { id: COURSE },
      select: { currentVersion: { select: { number: true, manifest: true, lessonFiles: true } } },
    })
  ).currentVersion!

test("bad input, a term or column a lesson uses, a stale page, another course's trainer, a learner and an unknown dataset are refused: nothing saved", async () => {
  const fingerprint = await databaseFingerprint()

  for (const cookie of [otherCourseTrainer, learner]) {
    for (const page of [glossaryPage, datasetsPage, datasetPage])
      expect((await get(page, cookie)).status, page).toBe(403)
    expect((await post(glossaryPage, term('add-term', NEW_TERM, 0), cookie)).status).toBe(403)
    expect((await post(glossaryPage, { intent: 'delete-term', id: 'flow', revision: '0' }, cookie)).status).toBe(403)
    expect((await postMultipart(datasetPage, datasetForm(), cookie)).status).toBe(403)
  }
  expect((await get(`${datasetsPage}/no-such-dataset`, author.cookie)).status).toBe(404)
  expect((await postMultipart(`${datasetsPage}/no-such-dataset`, datasetForm(), author.cookie)).status).toBe(404)
  expect((await get(`${datasetsPage}/Not_A_Slug`, author.cookie)).status).toBe(404)

  const glossaryCases: Array<[string, Record<string, string>, number, string]> = [
    ['a term id the glossary has', term('add-term', 'flow', 0), 400, 'ya tiene un término con este identificador'],
    ['a term id with capitals', term('add-term', 'Tasa Nueva', 0), 400, 'Use minúsculas'],
    [
      'an empty Spanish definition',
      term('add-term', NEW_TERM, 0, { definitionEs: '   ' }),
      400,
      'Este campo es obligatorio',
    ],
    ['a term with markup', term('edit-term', 'flow', 0, { termEs: '<b>flujo</b>' }), 400, ''],
    ['editing a term that does not exist', term('edit-term', 'no-such-term', 0), 404, 'ya no está en el glosario'],
    [
      'deleting a term a lesson uses',
      { intent: 'delete-term', id: USED_TERM, revision: '0' },
      409,
      `Se usa en «${LESSON_TITLE}»`,
    ],
    ['a stale glossary', term('edit-term', 'flow', 3), 409, 'Alguien guardó este archivo'],
    ['an unknown intent', { intent: 'rename-term', id: 'flow', revision: '0' }, 400, 'desactualizado'],
  ]
  for (const [label, fields, status, message] of glossaryCases) {
    const refused = await post(glossaryPage, fields, author.cookie)
    expect(refused.status, label).toBe(status)
    if (message) expect(refused.text, label).toContain(message)
  }
  // The term a lesson uses is named with the refusal's reason.
  const used = await post(glossaryPage, { intent: 'delete-term', id: USED_TERM, revision: '0' }, author.cookie)
  expect(used.text).toContain('lo usan estas lecciones')

  const big = `year,status,persons\n${'2023,sentenced,1\n'.repeat(Math.ceil(MAX_STUDIO_CSV_BYTES / 17) + 1)}`
  const withoutStatus = COLUMNS.filter((c) => c.name !== 'status')
  const datasetCases: Array<[string, Array<[string, string | File]>, number, string]> = [
    [
      'a CSV whose header does not match the metadata',
      datasetForm({ csv: PRISON_CSV.replace('persons', 'people') }),
      400,
      'Una columna del encabezado del CSV no está en los metadatos',
    ],
    [
      'a value that is not a whole number',
      datasetForm({ csv: `${PRISON_CSV}\n2024,sentenced,doce mil` }),
      400,
      'Un valor no es un número entero',
    ],
    ['a CSV over the limit', datasetForm({ csv: big }), 400, 'El CSV ocupa más de 512 KB'],
    [
      'a CSV with more rows than the limit (within its size)',
      datasetForm({ csv: `year,status,persons\n${'2023,sentenced,1\n'.repeat(MAX_STUDIO_CSV_ROWS + 1)}` }),
      400,
      'El CSV tiene más de 5000 filas',
    ],
    [
      'an uploaded CSV over the limit',
      datasetForm({ file: new File([big], 'prison.csv', { type: 'text/csv' }) }),
      400,
      'El CSV ocupa más de 512 KB',
    ],
    [
      'a column a chart draws removed',
      datasetForm({
        columns: withoutStatus,
        csv: PRISON_CSV.split('\n')
          .map((line) =>
            line
              .split(',')
              .filter((_, i) => i !== 1)
              .join(','),
          )
          .join('\n'),
      }),
      409,
      `Se usa en «${LESSON_TITLE}»`,
    ],
    ['a stale dataset', datasetForm({ revisions: [2, 0] }), 409, 'Alguien guardó este archivo'],
    [
      'an empty Spanish title',
      [...datasetForm().filter(([n]) => n !== 'titleEs'), ['titleEs', ' ']],
      400,
      'Este campo es obligatorio',
    ],
  ]
  for (const [label, fields, status, message] of datasetCases) {
    const refused = await postMultipart(datasetPage, fields, author.cookie)
    expect(refused.status, label).toBe(status)
    if (message) expect(refused.text, label).toContain(message)
  }
  // A new dataset with an id the course has.
  const taken = await postMultipart(
    datasetsPage,
    [
      ['intent', 'new-dataset'],
      ['id', DATASET],
      ...datasetForm().filter(
        ([n]) => n.startsWith('title') || n.startsWith('description') || n === 'fictitious' || n === 'csv',
      ),
    ],
    author.cookie,
  )
  expect(taken.status).toBe(400)
  expect(taken.text).toContain('ya tiene un conjunto de datos con este identificador')

  expect(await databaseFingerprint()).toEqual(fingerprint)
})

test('a term added and another edited, used by a lesson draft, a dataset edited and another created: reviewed and published into the next version', async () => {
  // The outline links to both editors.
  const outline = await get(`/es/studio/${COURSE}`, author.cookie)
  expect(outline.text).toContain(`href="/es/studio/${COURSE}/glossary"`)
  expect(outline.text).toContain(`href="/es/studio/${COURSE}/datasets"`)
  const page = await get(glossaryPage, author.cookie)
  expect(page.status).toBe(200)
  expect(page.text).toContain('sistema de justicia penal')

  // A new term in both languages, then an existing one edited (each save carries the revision shown).
  const added = await post(glossaryPage, term('add-term', NEW_TERM, 0), author.cookie)
  expect(added.status, added.text.slice(0, 300)).toBe(302)
  const edited = await post(
    glossaryPage,
    term('edit-term', 'flow', 1, {
      termEn: 'flow',
      definitionEn: 'A count of events over a period, such as persons entering prison during a year.',
      termEs: 'flujo',
      definitionEs:
        'Recuento de hechos a lo largo de un periodo, como las personas que ingresan en prisión durante un año.',
    }),
    author.cookie,
  )
  expect(edited.status, edited.text.slice(0, 300)).toBe(302)
  // The page the author had open (revision 1) is now stale: who saved and when is named.
  const stale = await post(glossaryPage, term('edit-term', 'flow', 1), reviewer.cookie)
  expect(stale.status).toBe(409)
  expect(stale.text).toContain('Ana Autora lo guardó el')
  const draft = await get(glossaryPage, author.cookie)
  expect(draft.text).toContain('proporción de detenidos sin condena')
  expect(draft.text).toContain('nuevo, aún no publicado')
  expect(draft.text).toContain('Borrador guardado por Ana Autora')
  // The file keeps its header comment and its one-line style.
  const file = await prisma.courseFileDraft.findUniqueOrThrow({
    where: { courseId_path: { courseId: COURSE, path: 'glossary.yaml' } },
    select: { revision: true, sha256: true },
  })
  expect(file.revision).toBe(2)
  const text = Buffer.from(
    (await prisma.contentBlob.findUniqueOrThrow({ where: { sha256: file.sha256! }, select: { bytes: true } })).bytes,
  ).toString('utf8')
  expect(text).toMatch(/^# Glossary for the UN-CTS course/)
  expect(text).toContain(
    `${NEW_TERM}:\n  en: { term: "share of unsentenced detainees", definition: "Persons held without a sentence`,
  )

  // A lesson draft uses the new term: the preview knows it before it is published.
  const source = await studioCourseSource(COURSE)
  const lessonId = source.modules.flatMap((m) => m.lessons).find((l) => l.id.endsWith('/flows-and-stocks'))!.id
  const lessonText = `${publishedLessonText(source, lessonId, 'es').trimEnd()}\n\nLa <KeyTerm id="${NEW_TERM}">proporción de detenidos sin condena</KeyTerm> se calcula con el stock.\n`
  const preview = await post(
    `/es/studio/${COURSE}/${lessonId}/preview`,
    { locale: 'es', convention: 'comma', source: lessonText },
    author.cookie,
  )
  expect(JSON.parse(preview.text)).toMatchObject({ problems: [] })
  const savedLesson = await post(
    `/es/studio/${COURSE}/${lessonId}`,
    { intent: 'save', locale: 'es', revision: '0', source: lessonText },
    author.cookie,
  )
  expect(savedLesson.status, savedLesson.text.slice(0, 300)).toBe(200)
  // Now the new term is used by a lesson draft: it cannot be deleted.
  const inUse = await post(glossaryPage, { intent: 'delete-term', id: NEW_TERM, revision: '2' }, author.cookie)
  expect(inUse.status).toBe(409)
  expect(inUse.text).toContain(`Se usa en «${LESSON_TITLE}»`)

  // The dataset: its page previews the data; two rows added and a Spanish label changed.
  const datasetView = await get(datasetPage, author.cookie)
  expect(datasetView.status).toBe(200)
  expect(datasetView.text).toContain('data-testid="dataset-preview"')
  expect(datasetView.text).toMatch(/<td[^>]*>2019<\/td><td[^>]*>sentenced<\/td>/)
  const columns = COLUMNS.map((c) => (c.name === 'persons' ? { ...c, labelEs: 'Personas privadas de libertad' } : c))
  const savedDataset = await postMultipart(
    datasetPage,
    datasetForm({ columns, csv: `${PRISON_CSV}\n2024,sentenced,13002\n2024,unsentenced,4870\n` }),
    author.cookie,
  )
  expect(savedDataset.status, savedDataset.text.slice(0, 500)).toBe(302)
  expect((await get(datasetPage, author.cookie)).text).toContain('Las primeras 10 de 12 filas')
  // A new dataset from an uploaded CSV: its columns from the header, their types guessed.
  const created = await postMultipart(
    datasetsPage,
    [
      ['intent', 'new-dataset'],
      ['id', 'court-cases'],
      ['titleEn', 'Cases decided by the courts'],
      ['titleEs', 'Casos resueltos por los tribunales'],
      ['descriptionEn', 'Invented counts for practice.'],
      ['descriptionEs', 'Recuentos inventados para practicar.'],
      ['fictitious', 'on'],
      ['csv', ''],
      ['csvFile', new File(['year,cases\n2022,1040\n2023,1175\n'], 'cases.csv', { type: 'text/csv' })],
    ],
    author.cookie,
  )
  expect(created.status, created.text.slice(0, 500)).toBe(302)
  expect(created.location).toBe(`${datasetsPage}/court-cases`)
  const outlineAfter = await get(`/es/studio/${COURSE}`, author.cookie)
  expect(outlineAfter.text).toMatch(/Glosario<\/a>\s*<span[^>]*>\(Borrador en curso\)/)

  // Submitted by the author, published by the reviewer in the job.
  const before = await currentVersion()
  const submitted = await post(`/es/studio/${COURSE}`, { intent: 'submit-review', message: '' }, author.cookie)
  expect(submitted.status, submitted.text.slice(0, 300)).toBe(302)
  const published = await post(submitted.location!, { intent: 'publish' }, reviewer.cookie)
  expect(published.status, published.text.slice(0, 300)).toBe(302)
  await runJobsUntilIdle()
  const review = await prisma.contentReview.findFirstOrThrow({
    where: { courseId: COURSE },
    orderBy: { submittedAt: 'desc' },
    select: { status: true, refusal: true },
  })
  expect(review, JSON.stringify(review.refusal)).toMatchObject({ status: 'published' })

  const after = await currentVersion()
  expect(after.number).toBe(before.number + 1)
  const manifest = after.manifest as unknown as ManifestCourse
  expect(manifest.glossary[NEW_TERM]?.es.term).toBe('proporción de detenidos sin condena')
  expect(manifest.glossary.flow?.es.term).toBe('flujo')
  const prison = manifest.datasets[DATASET]!
  expect(prison.rows).toHaveLength(12)
  expect(prison.rows.at(-1)).toEqual([2024, 'unsentenced', 4870])
  expect(prison.columns.find((c) => c.name === 'persons')?.label.es).toBe('Personas privadas de libertad')
  // The category labels, not in the form, are kept.
  expect(prison.columns.find((c) => c.name === 'status')?.categories?.unsentenced?.es).toBe('Sin condena')
  expect(manifest.datasets['court-cases']?.columns.map((c) => [c.name, c.type])).toEqual([
    ['year', 'integer'],
    ['cases', 'integer'],
  ])
  // The lesson's key term renders as a link to its glossary entry, with its definition.
  const lesson = manifest.modules.flatMap((m) => m.lessons).find((l) => l.id === lessonId)!
  const hash = (after.lessonFiles as Record<string, string>)[lesson.locales.es!.html]!
  const html = Buffer.from(
    (await prisma.contentBlob.findUniqueOrThrow({ where: { sha256: hash }, select: { bytes: true } })).bytes,
  ).toString('utf8')
  expect(html).toContain(`#term-${NEW_TERM}`)
  expect(html).toContain('Personas recluidas sin sentencia como proporción')
  // The drafts published are gone.
  expect(await prisma.courseFileDraft.count({ where: { courseId: COURSE } })).toBe(0)
  // Many saves, a preview in the compile worker and a whole course's build in the publish job: about
  // 25 s alone on this 2-core machine, more beside other test files.
}, 120_000)
