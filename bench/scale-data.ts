// Data for the scale benchmark (DESIGN.md): 20,000 learners, 5 courses, 400,000 progress rows,
// 100,000 quiz attempts, audit events; all set-based (INSERT … SELECT generate_series), in seconds.
import type pg from 'pg'
import { type Manifest } from '#app/content/manifest.ts'

export const SCALE = {
  learners: 20_000,
  progress: 400_000,
  attempts: 100_000,
  audit: 20_000,
  samples: Number(process.env.BENCH_SCALE_SAMPLES ?? 40),
}
export const SCALE_COURSES = ['iccs', 'victimization-surveys', 'homicide-sdg16', 'scale-course-4', 'scale-course-5']

function jsonLiteral(value: unknown): string {
  return `'${JSON.stringify(value).replace(/'/g, "''")}'::jsonb`
}

/** answers and results JSON for the quiz, as SQL over a boolean array `c` (question k right?). */
function attemptJson(manifest: Manifest) {
  const quiz = manifest.courses.find((c) => c.id === 'iccs')!.quizzes['foundations-quiz']!
  const answers: string[] = []
  const results: string[] = []
  quiz.questions.forEach((q, i) => {
    const c = `c[${i + 1}]`
    let right: unknown = 'x'
    let wrong: unknown = 'y'
    if (q.type === 'single') ((right = q.answer), (wrong = q.options.find((o) => o.id !== q.answer)!.id))
    else if (q.type === 'multiple')
      ((right = q.answer),
        (wrong = q.options
          .filter((o) => !q.answer.includes(o.id))
          .slice(0, 1)
          .map((o) => o.id)))
    else if (q.type === 'truefalse') ((right = String(q.answer)), (wrong = String(!q.answer)))
    else if (q.type === 'match') ((right = Object.fromEntries(q.items.map((it) => [it.id, it.answer]))), (wrong = {}))
    else if (q.type === 'order') ((right = q.answer), (wrong = [...q.answer].reverse()))
    answers.push(`'${q.id}', CASE WHEN ${c} THEN ${jsonLiteral(right)} ELSE ${jsonLiteral(wrong)} END`)
    results.push(`jsonb_build_object('id', '${q.id}', 'correct', ${c}, 'score', ${c}::int, 'answered', true)`)
  })
  return {
    quiz,
    answers: `jsonb_build_object(${answers.join(', ')})`,
    results: `jsonb_build_array(${results.join(', ')})`,
  }
}

export async function generateScaleData(db: pg.Client, manifest: Manifest) {
  const courses = `ARRAY[${SCALE_COURSES.map((c) => `'${c}'`).join(',')}]`
  await db.query(
    `INSERT INTO "Course" (id, status, "titleEn", "titleEs") VALUES ('scale-course-4', 'published', 'Scale course 4', 'Curso 4'), ('scale-course-5', 'published', 'Scale course 5', 'Curso 5') ON CONFLICT DO NOTHING`,
  )
  await db.query(
    `INSERT INTO "User" (id, email, "displayName", "certificateName", country, organisation, "organisationType", "preferredLocale", "createdAt", "updatedAt", "emailVerifiedAt")
    SELECT 'scale-u-' || i, 'scale-' || i || '@example.org', 'Learner ' || i, 'Learner ' || i,
      (ARRAY['MX','CO','PE','CL','AR','EC','GT','BO','ES','US','GB','BR','PA','CR','SV','HN','DO','UY','PY','VE'])[1 + i % 20],
      'Organisation ' || (i % 300), (enum_range(NULL::"OrganisationType"))[1 + i % 11],
      (CASE WHEN i % 3 = 0 THEN 'en' ELSE 'es' END)::"Locale", now() - (i % 730) * interval '1 day', now(), now()
    FROM generate_series(1, $1) i`,
    [SCALE.learners],
  )
  // About half the learners in each course: ~50,000 enrolments.
  await db.query(
    `INSERT INTO "Enrollment" (id, "userId", "courseId", status, source, "createdAt", "completedAt")
    SELECT 'scale-e-' || i || '-' || c, 'scale-u-' || i, (${courses})[c + 1],
      (CASE WHEN (i + c) % 23 = 0 THEN 'cancelled' WHEN (i + c) % 4 = 0 THEN 'completed' ELSE 'active' END)::"EnrollmentStatus", 'free',
      now() - ((i * 7 + c * 13) % 700) * interval '1 day',
      CASE WHEN (i + c) % 23 <> 0 AND (i + c) % 4 = 0 THEN now() - ((i * 7 + c * 13) % 700) * interval '1 day' + interval '20 days' END
    FROM generate_series(1, $1) i CROSS JOIN generate_series(0, 4) c WHERE (i * 31 + c * 17) % 10 < 5`,
    [SCALE.learners],
  )
  await db.query('CREATE TEMP TABLE scale_lessons (course_id text, idx int, lesson_id text)')
  const lessons: Array<[string, number, string]> = []
  for (const id of SCALE_COURSES) {
    const course = manifest.courses.find((c) => c.id === id)
    const ids = course
      ? course.modules.flatMap((m) => m.lessons.map((l) => l.id))
      : Array.from({ length: 16 }, (_, k) => `module/lesson-${k + 1}`)
    ids.forEach((lessonId, k) => lessons.push([id, k + 1, lessonId]))
  }
  await db.query(`INSERT INTO scale_lessons SELECT * FROM unnest($1::text[], $2::int[], $3::text[])`, [
    lessons.map((l) => l[0]),
    lessons.map((l) => l[1]),
    lessons.map((l) => l[2]),
  ])
  await db.query(
    `INSERT INTO "LessonProgress" (id, "userId", "courseId", "lessonId", "completedAt", "lastViewedAt")
    SELECT 'scale-p-' || e.id || '-' || l.idx, e."userId", e."courseId", l.lesson_id, e."createdAt" + l.idx * interval '1 hour', e."createdAt" + l.idx * interval '1 hour'
    FROM "Enrollment" e JOIN scale_lessons l ON l.course_id = e."courseId"
    WHERE e.id LIKE 'scale-e-%' AND e."userId" <> 'scale-u-0' AND (e.status = 'completed' OR l.idx <= 1 + abs(hashtext(e.id)) % 20)
    LIMIT $1`,
    [SCALE.progress],
  )
  await db.query(`INSERT INTO "Certificate" (id, serial, "verificationCode", "userId", "courseId", status, "holderName", "courseTitleEn", "courseTitleEs", "issuedAt")
    SELECT 'scale-c-' || e.id, 'SCALE-' || e.id, md5(e.id), e."userId", e."courseId",
      (CASE WHEN abs(hashtext(e.id)) % 50 = 0 THEN 'revoked' ELSE 'valid' END)::"CertificateStatus", 'Learner', 'Course', 'Curso', e."completedAt"
    FROM "Enrollment" e WHERE e.id LIKE 'scale-e-%' AND e."userId" <> 'scale-u-0' AND e.status = 'completed'`)
  // 100,000 attempts on one quiz (the worst case for item analysis). Ability drives every answer;
  // question 2 is made 30 points harder in Spanish, as a mistranslated question would be.
  const { quiz, answers, results } = attemptJson(manifest)
  const n = quiz.questions.length
  const sum = Array.from({ length: n }, (_, k) => `c[${k + 1}]::int`).join(' + ')
  await db.query(
    `INSERT INTO "QuizAttempt" (id, "userId", "courseId", "quizId", "quizVersion", locale, answers, results, score, passed, "createdAt")
    SELECT 'scale-a-' || i, 'scale-u-' || (1 + i % ${SCALE.learners}), 'iccs', 'foundations-quiz', 'scale', loc::"Locale", ${answers}, ${results},
      round((${sum}) * 1000.0 / ${n}) / 10, (${sum}) * 100.0 / ${n} >= ${quiz.passingScore}, now() - (i % 700) * interval '1 day'
    FROM (
      SELECT i, CASE WHEN i % 2 = 0 THEN 'en' ELSE 'es' END AS loc,
        ARRAY(SELECT random() < 0.25 + 0.6 * a.ability - CASE WHEN k = 2 AND a.i % 2 = 1 THEN 0.3 ELSE 0 END FROM generate_series(1, ${n}) k) AS c
      FROM (SELECT i, random() AS ability FROM generate_series(1, $1) i) a
    ) t`,
    [SCALE.attempts],
  )
  await db.query(
    `INSERT INTO "AuditEvent" (id, "actorId", action, subject, data, "createdAt")
    SELECT 'scale-ev-' || i, 'demo-admin', (ARRAY['user.role.change','enrolment.create','certificate.revoke'])[1 + i % 3], 'user:scale-u-' || (1 + i % $2), '{}', now() - (i % 700) * interval '1 hour'
    FROM generate_series(1, $1) i`,
    [SCALE.audit, SCALE.learners],
  )
  // What autovacuum does to freshly loaded tables: statistics and the visibility map (index-only scans).
  await db.query('VACUUM ANALYZE')
  const counts =
    await db.query(`SELECT (SELECT count(*) FROM "User") AS users, (SELECT count(*) FROM "Course") AS courses, (SELECT count(*) FROM "Enrollment") AS enrolments,
    (SELECT count(*) FROM "LessonProgress") AS progress, (SELECT count(*) FROM "QuizAttempt") AS attempts, (SELECT count(*) FROM "Certificate") AS certificates, (SELECT count(*) FROM "AuditEvent") AS audit`)
  return counts.rows[0] as Record<string, string>
}

/** The one learner measured on the dashboard and the person page, present before and after. */
export async function scaleLearner(db: pg.Client, manifest: Manifest) {
  await db.query(
    `INSERT INTO "User" (id, email, "displayName", "certificateName", country, organisation, "organisationType", "updatedAt") VALUES ('scale-u-0', 'scale-0@example.org', 'Learner Zero', 'Learner Zero', 'MX', 'INEGI', 'national_statistical_office', now())`,
  )
  for (const id of SCALE_COURSES.slice(0, 3)) {
    await db.query(`INSERT INTO "Enrollment" (id, "userId", "courseId", source) VALUES ($1, 'scale-u-0', $2, 'free')`, [
      `scale-e-0-${id}`,
      id,
    ])
    const first = manifest.courses.find((c) => c.id === id)!.modules[0]!.lessons[0]!.id
    await db.query(
      `INSERT INTO "LessonProgress" (id, "userId", "courseId", "lessonId", "completedAt") VALUES ($1, 'scale-u-0', $2, $3, now())`,
      [`scale-p-0-${id}`, id, first],
    )
  }
  await db.query(
    `INSERT INTO "Session" (id, "userId", "expiresAt") VALUES ('scale-s-learner', 'scale-u-0', now() + interval '1 day'), ('scale-s-admin', 'demo-admin', now() + interval '1 day'), ('scale-s-trainer', 'demo-trainer', now() + interval '1 day')`,
  )
}
