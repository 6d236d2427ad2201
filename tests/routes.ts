// The one inventory of the app's routes for the tests that probe all of them (bad-bodies.test.ts:
// bodies that are not forms; fuzz-queries.test.ts and fuzz-forms.test.ts: bad values in every query
// parameter and form field). Every file in app/routes is listed here with an address to reach it by;
// every route that exports an action has its well-formed form. A new route file fails these tests
// until it is listed.
// `setUpRoutes()` makes what the addresses and forms refer to (users of each role signed in, an
// enrolment, a cohort upload, tokens, an offline checkout, a certificate) in the test file's
// database.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createVerification } from '#app/accounts/token.server.ts'
import { issueCertificate } from '#app/certificates/issue.server.ts'
import { parseCohortCsv } from '#app/cohorts/csv.server.ts'
import { storeCohortUpload } from '#app/cohorts/upload.server.ts'
import { CONTENT_BUILD_DIR, getManifest } from '#app/content/catalog.server.ts'
import { syncCatalogue } from '#app/content/sync.server.ts'
import { importCourses } from '#app/content/versions.server.ts'
import { encodeOfflineSession } from '#app/payments/stripe.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { keyAnswers, quizForm } from '#tests/quiz-form.ts'
import { assignCourses, createUser, loginCookie, TEST_PASSWORD, uniqueEmail } from '#tests/utils.ts'

const ROUTES = path.resolve('app/routes')
const EXPORTS_ACTION = /export\s+(?:async\s+)?function\s+action\b|export\s+const\s+action\b/

/** Every route module in app/routes: its files, and the `route.tsx` of each folder route. */
export const routeFiles = readdirSync(ROUTES, { withFileTypes: true })
  .flatMap((entry) => {
    if (entry.isFile()) return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [entry.name] : []
    const route = ['route.tsx', 'route.ts'].find((name) => existsSync(path.join(ROUTES, entry.name, name)))
    return route ? [`${entry.name}/${route}`] : []
  })
  .sort()

/** Every route module that exports an action. */
export const actionRoutes = routeFiles.filter((file) =>
  EXPORTS_ACTION.test(readFileSync(path.join(ROUTES, file), 'utf8')),
)

export const ROLES = ['anonymous', 'learner', 'enrolled learner', 'trainer', 'admin'] as const
export type Who = (typeof ROLES)[number]
export type Fields = Array<[string, string]>

export type FormFixture = {
  /** Who may use the form (the body is read after the guard). */
  who: Who
  /** The page's address, in Spanish. */
  path: () => string
  /** A well-formed form of this route, to send in other encodings, with another intent, or with a field twice. */
  form: () => Fields
  /** The form has required fields: an empty body is refused. */
  required: boolean
  /** A field the form sends once, sent twice. */
  repeat?: string
  /** A public form with a honeypot. */
  honeypot?: true
  /** A machine endpoint (no page, no language): a 4xx is all it owes. */
  machine?: true
}

export type RouteWorld = {
  cookies: Record<Who, string>
  learner: { id: string; email: string }
  /** An address of each route file, in Spanish where it has a language. */
  pages: Record<string, () => string>
  /** The form of each route file that exports an action. */
  forms: Record<string, FormFixture>
}

export const NEW_PASSWORD = 'otra frase larga y segura'
const encoder = new TextEncoder()

/** Makes the rows the addresses and forms refer to, and signs in one user of each role. */
export async function setUpRoutes(): Promise<RouteWorld> {
  await syncCatalogue(prisma, getManifest())
  // The courses as published versions, as every start imports them: the Studio starts from them.
  await importCourses(prisma, {
    manifest: getManifest(),
    coursesDir: path.resolve('courses'),
    contentBuildDir: CONTENT_BUILD_DIR,
  })
  const [plain, enrolled, admin] = await Promise.all([createUser(), createUser(), createUser({ role: 'admin' })])
  // The trainer of every course, as course.yaml lists trainer@aula.example.
  const trainer =
    (await prisma.user.findUnique({ where: { email: 'trainer@aula.example' }, select: { id: true } })) ??
    (await createUser({ email: 'trainer@aula.example', role: 'trainer' }))
  await assignCourses(
    trainer.id,
    getManifest().courses.map((c) => c.id),
  )
  const learner = plain
  const cookies: Record<Who, string> = {
    anonymous: '',
    learner: await loginCookie(plain.id),
    'enrolled learner': await loginCookie(enrolled.id),
    trainer: await loginCookie(trainer.id),
    admin: await loginCookie(admin.id),
  }

  const iccs = getManifest().courses.find((c) => c.id === 'iccs')!
  const holder = iccs.modules
    .flatMap((m) => m.lessons.map((l) => ({ m, l })))
    .find(({ l }) => l.locales.es.quizIds.length > 0)!
  const quizId = holder.l.locales.es.quizIds[0]!
  const quiz = iccs.quizzes[quizId]!
  const lessonPath = `/es/courses/iccs/${holder.m.slug}/${holder.l.slug}`
  const studioLessonPath = `/es/studio/iccs/${holder.m.slug}/${holder.l.slug}`
  // A review of the course's drafts submitted by the administrator (the trainer comments on it).
  const iccsVersion = await prisma.course.findUniqueOrThrow({
    where: { id: 'iccs' },
    select: { currentVersion: { select: { number: true } } },
  })
  const review = await prisma.contentReview.create({
    data: { courseId: 'iccs', baseNumber: iccsVersion.currentVersion!.number, submittedById: admin.id },
    select: { id: true },
  })
  const reviewPath = `/es/studio/iccs/reviews/${review.id}`
  await prisma.enrolment.create({
    data: { userId: enrolled.id, courseId: 'iccs', source: 'free' },
    select: { id: true },
  })

  const csv =
    'email,name,certificate_name,country,organisation,organisation_type,language\n' +
    `${uniqueEmail('cohort')},Ana Ruiz,Ana Ruiz,PE,INEI,police,es\n`
  const parsed = parseCohortCsv(encoder.encode(csv))
  if (!parsed.ok) throw new Error('the cohort file of the fixture has problems')
  const cohortImportId = await storeCohortUpload({
    actorId: admin.id,
    courseId: 'homicide-sdg16',
    cohortName: 'Taller',
    fileName: 'grupo.csv',
    bytes: encoder.encode(csv),
    rows: parsed.rows,
  })

  const owner = await createUser({ verified: false })
  const resetToken = await createVerification(owner.id, owner.email, 'reset')
  const verifyToken = await createVerification(owner.id, owner.email, 'email')

  const sessionId = 'cs_test_badbodies000000000000'
  const session = encodeOfflineSession({
    id: sessionId,
    amount_total: 4900,
    currency: 'usd',
    customer_email: plain.email,
    client_reference_id: plain.id,
    locale: 'es',
    metadata: { userId: plain.id, courseId: 'homicide-sdg16', lang: 'es' },
    product: 'Homicidio intencional',
    success_url: `http://localhost:3000/es/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: 'http://localhost:3000/es/checkout/cancel?course=homicide-sdg16',
    created: Math.floor(Date.now() / 1000),
  })
  const checkoutPath = `/es/dev/checkout/${sessionId}?s=${session}`

  // A certificate of the enrolled learner, issued by the administrator: its PDF, page and credential.
  const issued = await issueCertificate({ userId: enrolled.id, courseId: 'iccs', actorId: admin.id, source: 'admin' })
  if (!issued.ok) throw new Error(`the fixture's certificate was not issued: ${issued.error}`)
  const certificate = await prisma.certificate.findFirstOrThrow({
    where: { userId: enrolled.id, courseId: 'iccs' },
    select: { id: true, verificationCode: true },
  })
  const code = certificate.verificationCode

  const pages: Record<string, () => string> = {
    '$lang.$.tsx': () => '/es/no-such-page',
    '$lang._index.tsx': () => '/es',
    '$lang.accessibility.tsx': () => '/es/accessibility',
    '$lang.account._index.tsx': () => '/es/account',
    '$lang.account.delete.tsx': () => '/es/account/delete',
    '$lang.account.password.tsx': () => '/es/account/password',
    '$lang.admin._index.tsx': () => '/es/admin',
    '$lang.admin.audit.tsx': () => '/es/admin/audit',
    '$lang.admin.certificates.tsx': () => '/es/admin/certificates',
    '$lang.admin.cohorts.$import.tsx': () => `/es/admin/cohorts/${cohortImportId}`,
    '$lang.admin.cohorts._index.tsx': () => '/es/admin/cohorts',
    '$lang.admin.payments.tsx': () => '/es/admin/payments',
    '$lang.admin.payments[.csv].ts': () => '/es/admin/payments.csv',
    '$lang.admin.people.$userId/route.tsx': () => `/es/admin/people/${learner.id}`,
    '$lang.admin.people._index.tsx': () => '/es/admin/people',
    '$lang.admin.people[.csv].ts': () => '/es/admin/people.csv',
    '$lang.admin.reports.tsx': () => '/es/admin/reports',
    '$lang.admin.reports[.csv].ts': () => '/es/admin/reports.csv',
    '$lang.admin.trainers.tsx': () => '/es/admin/trainers',
    '$lang.admin.tsx': () => '/es/admin',
    '$lang.certificates.$file.ts': () => `/es/certificates/${certificate.id}.pdf`,
    '$lang.checkout.cancel.tsx': () => '/es/checkout/cancel',
    '$lang.contact.tsx': () => '/es/contact',
    '$lang.checkout.success.tsx': () => '/es/checkout/success',
    '$lang.courses.$course.$module.$lesson.tsx': () => lessonPath,
    '$lang.courses.$course.$module._index.tsx': () => lessonPath.split('/').slice(0, -1).join('/'),
    '$lang.courses.$course._index.tsx': () => '/es/courses/iccs',
    '$lang.courses.$course.datasets.$file.ts': () => '/es/courses/iccs/datasets/offences-by-section.csv',
    '$lang.courses.$course.glossary.tsx': () => '/es/courses/iccs/glossary',
    '$lang.courses._index.tsx': () => '/es/courses',
    '$lang.dashboard.tsx': () => '/es/dashboard',
    '$lang.dev.checkout.$session.tsx': () => checkoutPath,
    '$lang.forgot-password.tsx': () => '/es/forgot-password',
    '$lang.help.tsx': () => '/es/help',
    '$lang.login.tsx': () => '/es/login',
    '$lang.logout.tsx': () => '/es/logout',
    '$lang.privacy.tsx': () => '/es/privacy',
    '$lang.receipts.$file.ts': () => '/es/receipts/unknown-receipt.pdf',
    '$lang.reset-password.tsx': () => `/es/reset-password?token=${resetToken}`,
    '$lang.signup.tsx': () => '/es/signup',
    '$lang.studio.$course.$module.$lesson.preview.ts': () => `${studioLessonPath}/preview`,
    '$lang.studio.$course.$module.$lesson.tsx': () => studioLessonPath,
    '$lang.studio.$course._index.tsx': () => '/es/studio/iccs',
    '$lang.studio.$course.datasets.$dataset.tsx': () => '/es/studio/iccs/datasets/offences-by-section',
    '$lang.studio.$course.datasets._index.tsx': () => '/es/studio/iccs/datasets',
    '$lang.studio.$course.glossary.tsx': () => '/es/studio/iccs/glossary',
    '$lang.studio.$course.quizzes.$quiz.tsx': () => `/es/studio/iccs/quizzes/${quizId}`,
    '$lang.studio.$course.images.ts': () => '/es/studio/iccs/images?file=no-such-image.png',
    '$lang.studio.$course.reviews.$review.tsx': () => reviewPath,
    '$lang.studio.$course.versions.tsx': () => '/es/studio/iccs/versions',
    '$lang.studio._index.tsx': () => '/es/studio',
    '$lang.teach.$course._index.tsx': () => '/es/teach/iccs',
    '$lang.teach.$course.quiz.$quiz.tsx': () => `/es/teach/iccs/quiz/${quizId}`,
    '$lang.teach._index.tsx': () => '/es/teach',
    '$lang.terms.tsx': () => '/es/terms',
    '$lang.tsx': () => '/es',
    '$lang.verify-email.tsx': () => `/es/verify-email?token=${verifyToken}`,
    '$lang.verify.$code.tsx': () => `/es/verify/${code}`,
    '$lang.verify._index.tsx': () => '/es/verify',
    '[.]well-known.jwks[.]json.ts': () => '/.well-known/jwks.json',
    '_index.tsx': () => '/',
    'bench.lesson-floor.tsx': () => '/bench/lesson-floor',
    'bench.memory.ts': () => '/bench/memory',
    'credentials.$code.status.ts': () => `/credentials/${code}/status`,
    'credentials.$code.ts': () => `/credentials/${code}`,
    'credentials.status.$year.ts': () => `/credentials/status/${new Date().getUTCFullYear()}`,
    'healthz.ts': () => '/healthz',
    'i18n.$file.ts': () => '/i18n/es-public.0000000000.js',
    'webhooks.stripe.ts': () => '/webhooks/stripe',
  }

  const forms: Record<string, FormFixture> = {
    '$lang.account._index.tsx': {
      who: 'learner',
      path: () => '/es/account',
      form: () => [
        ['intent', 'update-profile'],
        ['displayName', 'Ana Pérez'],
        ['certificateName', 'Ana María Pérez'],
        ['country', 'MX'],
        ['organisation', 'INEGI'],
        ['organisationType', 'national_statistical_office'],
        ['preferredLocale', 'es'],
      ],
      required: true,
      repeat: 'displayName',
    },
    '$lang.account.delete.tsx': {
      who: 'learner',
      path: () => '/es/account/delete',
      form: () => [
        ['password', TEST_PASSWORD],
        ['confirm', 'on'],
      ],
      required: true,
      repeat: 'password',
    },
    '$lang.account.password.tsx': {
      who: 'learner',
      path: () => '/es/account/password',
      form: () => [
        ['currentPassword', TEST_PASSWORD],
        ['password', NEW_PASSWORD],
        ['confirmPassword', NEW_PASSWORD],
      ],
      required: true,
      repeat: 'password',
    },
    '$lang.admin.certificates.tsx': {
      who: 'admin',
      path: () => '/es/admin/certificates',
      form: () => [
        ['intent', 'revoke-certificate'],
        ['certificateId', 'c'.repeat(25)],
        ['reason', 'Emitido por error'],
      ],
      required: true,
      repeat: 'reason',
    },
    '$lang.admin.cohorts.$import.tsx': {
      who: 'admin',
      path: () => `/es/admin/cohorts/${cohortImportId}`,
      form: () => [['intent', 'import-cohort']],
      required: true,
      repeat: 'intent',
    },
    '$lang.admin.cohorts._index.tsx': {
      who: 'admin',
      path: () => '/es/admin/cohorts?index',
      form: () => [
        ['intent', 'upload-cohort'],
        ['courseId', 'homicide-sdg16'],
        ['cohortName', 'Taller de Lima'],
      ],
      required: true,
      repeat: 'cohortName',
    },
    '$lang.admin.payments.tsx': {
      who: 'admin',
      path: () => '/es/admin/payments',
      form: () => [
        ['intent', 'waive-fee'],
        ['email', learner.email],
        ['courseId', 'homicide-sdg16'],
        ['reason', 'Beca regional'],
        ['sponsor', 'Programa'],
      ],
      required: true,
      repeat: 'sponsor',
    },
    '$lang.admin.people.$userId/route.tsx': {
      who: 'admin',
      path: () => `/es/admin/people/${learner.id}`,
      form: () => [
        ['intent', 'change-role'],
        ['role', 'trainer'],
      ],
      required: true,
      repeat: 'role',
    },
    // A learner's address: refused (409, only trainers teach), so a well-formed post changes nothing.
    '$lang.admin.trainers.tsx': {
      who: 'admin',
      path: () => '/es/admin/trainers',
      form: () => [
        ['intent', 'assign-trainer'],
        ['courseId', 'iccs'],
        ['email', learner.email],
      ],
      required: true,
      repeat: 'email',
    },
    '$lang.courses.$course.$module.$lesson.tsx': {
      who: 'enrolled learner',
      path: () => lessonPath,
      form: () => quizForm(quiz, keyAnswers(quiz)),
      required: true,
      repeat: 'submissionId',
    },
    '$lang.courses.$course._index.tsx': {
      who: 'learner',
      path: () => '/es/courses/iccs',
      form: () => [
        ['intent', 'request-enrolment'],
        ['message', 'Trabajo en el INE.'],
      ],
      required: true,
      repeat: 'message',
    },
    '$lang.studio.$course.$module.$lesson.tsx': {
      who: 'trainer',
      path: () => studioLessonPath,
      form: () => [
        ['intent', 'save'],
        ['locale', 'es'],
        ['revision', '0'],
        ['source', '---\ntitle: Una lección\nsummary: De qué trata.\nminutes: 5\n---\nTexto.\n'],
      ],
      required: true,
      repeat: 'source',
    },
    // The outline's richest form, adding a lesson (slug, a title per language, the outline's
    // revision): a well-formed one is accepted once, then refused as stale (409), changing nothing.
    '$lang.studio.$course._index.tsx': {
      who: 'trainer',
      path: () => '/es/studio/iccs',
      form: () => [
        ['intent', 'add-lesson'],
        ['revision', '0'],
        ['module', holder.m.slug],
        ['slug', 'leccion-nueva'],
        ['titleEn', 'A new lesson'],
        ['titleEs', 'Una lección nueva'],
      ],
      required: true,
      repeat: 'slug',
    },
    // A question moved to the first place of the quiz it is in (its position, the file's revision):
    // accepted once, then refused as stale (409), changing nothing.
    '$lang.studio.$course.quizzes.$quiz.tsx': {
      who: 'trainer',
      path: () => `/es/studio/iccs/quizzes/${quizId}`,
      form: () => [
        ['intent', 'move-question'],
        ['revision', '0'],
        ['question', quiz.questions.at(-1)!.id],
        ['position', '1'],
      ],
      required: true,
      repeat: 'position',
    },
    // A term added to the glossary (its id and both languages), then refused as stale.
    '$lang.studio.$course.glossary.tsx': {
      who: 'trainer',
      path: () => '/es/studio/iccs/glossary',
      form: () => [
        ['intent', 'add-term'],
        ['revision', '0'],
        ['id', 'termino-nuevo'],
        ['termEn', 'new term'],
        ['definitionEn', 'A term added in the Studio.'],
        ['termEs', 'término nuevo'],
        ['definitionEs', 'Un término añadido en el Estudio.'],
      ],
      required: true,
      repeat: 'termEs',
    },
    // A dataset created from CSV text (its columns read from the header).
    '$lang.studio.$course.datasets._index.tsx': {
      who: 'trainer',
      path: () => '/es/studio/iccs/datasets',
      form: () => [
        ['intent', 'new-dataset'],
        ['id', 'casos-nuevos'],
        ['titleEn', 'New cases'],
        ['titleEs', 'Casos nuevos'],
        ['descriptionEn', 'Invented counts.'],
        ['descriptionEs', 'Recuentos inventados.'],
        ['fictitious', 'on'],
        ['csv', 'year,cases\n2023,10\n2024,12\n'],
      ],
      required: true,
      repeat: 'titleEs',
    },
    // A dataset's metadata (a row per column) and data saved, then refused as stale.
    '$lang.studio.$course.datasets.$dataset.tsx': {
      who: 'trainer',
      path: () => '/es/studio/iccs/datasets/offences-by-section',
      form: () => [
        ['intent', 'save-dataset'],
        ['yamlRevision', '0'],
        ['csvRevision', '0'],
        ['titleEn', 'Offences by ICCS section'],
        ['titleEs', 'Delitos por sección de la ICCS'],
        ['descriptionEn', 'Invented counts.'],
        ['descriptionEs', 'Recuentos inventados.'],
        ['fictitious', 'on'],
        ...(
          [
            ['year', 'Year', 'Año', 'year'],
            ['section', 'ICCS section', 'Sección de la ICCS', 'code'],
            ['offences', 'Offences', 'Delitos', 'integer'],
          ] as const
        ).flatMap(([name, en, es, type]): Fields => [
          ['columnName', name],
          ['columnLabelEn', en],
          ['columnLabelEs', es],
          ['columnType', type],
          ['columnUnitEn', ''],
          ['columnUnitEs', ''],
          ['columnRequired', 'yes'],
        ]),
        ['csv', 'year,section,offences\n2023,01,120\n2024,02,5600\n'],
      ],
      required: true,
      repeat: 'titleEs',
    },
    '$lang.studio.$course.reviews.$review.tsx': {
      who: 'trainer',
      path: () => reviewPath,
      form: () => [
        ['intent', 'comment'],
        ['body', 'Bien escrito.'],
      ],
      required: true,
      repeat: 'body',
    },
    // An image upload (multipart, answered in JSON); the fields without the file, as for cohorts.
    '$lang.studio.$course.images.ts': {
      who: 'trainer',
      path: () => '/es/studio/iccs/images',
      form: () => [['name', 'grafico']],
      required: true,
      repeat: 'name',
      machine: true,
    },
    // The version already published: refused (409), so a well-formed post changes nothing.
    '$lang.studio.$course.versions.tsx': {
      who: 'trainer',
      path: () => '/es/studio/iccs/versions',
      form: () => [
        ['intent', 'rollback'],
        ['number', '1'],
      ],
      required: true,
      repeat: 'number',
    },
    '$lang.studio.$course.$module.$lesson.preview.ts': {
      who: 'trainer',
      path: () => `${studioLessonPath}/preview`,
      form: () => [
        ['locale', 'es'],
        ['convention', 'comma'],
        ['source', '---\ntitle: Una lección\nsummary: De qué trata.\nminutes: 5\n---\nTexto.\n'],
      ],
      required: true,
      repeat: 'source',
      machine: true,
    },
    '$lang.dev.checkout.$session.tsx': {
      who: 'learner',
      path: () => checkoutPath,
      form: () => [['intent', 'pay']],
      required: true,
      repeat: 'intent',
    },
    '$lang.forgot-password.tsx': {
      who: 'anonymous',
      path: () => '/es/forgot-password',
      form: () => [['email', learner.email]],
      required: true,
      repeat: 'email',
      honeypot: true,
    },
    '$lang.login.tsx': {
      who: 'anonymous',
      path: () => '/es/login',
      form: () => [
        ['email', learner.email],
        ['password', TEST_PASSWORD],
      ],
      required: true,
      repeat: 'email',
      honeypot: true,
    },
    // The log-out button's form has no fields: an empty body is a log-out.
    '$lang.logout.tsx': { who: 'learner', path: () => '/es/logout', form: () => [], required: false },
    '$lang.reset-password.tsx': {
      who: 'anonymous',
      path: () => `/es/reset-password?token=${resetToken}`,
      form: () => [
        ['token', resetToken],
        ['password', NEW_PASSWORD],
        ['confirmPassword', NEW_PASSWORD],
      ],
      required: true,
      repeat: 'token',
    },
    '$lang.signup.tsx': {
      who: 'anonymous',
      path: () => '/es/signup',
      form: () => [
        ['displayName', 'Ana Pérez'],
        ['certificateName', 'Ana María Pérez'],
        ['email', uniqueEmail('bodies')],
        ['password', 'una frase larga y segura'],
        ['confirmPassword', 'una frase larga y segura'],
        ['country', 'MX'],
        ['organisation', 'INEGI'],
        ['organisationType', 'national_statistical_office'],
        ['preferredLocale', 'es'],
        ['consent', 'on'],
      ],
      required: true,
      repeat: 'email',
      honeypot: true,
    },
    '$lang.verify._index.tsx': {
      who: 'anonymous',
      path: () => '/es/verify',
      form: () => [
        ['serial', 'AULA-2026-000001'],
        ['surname', 'García'],
      ],
      required: true,
      repeat: 'serial',
      honeypot: true,
    },
    '$lang.verify-email.tsx': {
      who: 'anonymous',
      path: () => `/es/verify-email?token=${verifyToken}`,
      form: () => [['token', verifyToken]],
      required: true,
      repeat: 'token',
    },
    // Stripe's endpoint takes a signed JSON event, not a form: without a valid signature, a 4xx.
    'webhooks.stripe.ts': {
      who: 'anonymous',
      path: () => '/webhooks/stripe',
      form: () => [['id', 'evt_1']],
      required: true,
      machine: true,
    },
  }
  return { cookies, learner, pages, forms }
}
