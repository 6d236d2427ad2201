// The certificate benchmark of DESIGN.md: PDFs rendered per second on one core (this process is
// single-threaded), and a bulk issue of 1,000 certificates (each: two PDFs, a signed credential,
// one transaction) against a real PostgreSQL database made for the run.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { migrateDeploy } from '#server/prisma-cli.ts'
import { benchDatabase } from './server.ts'

type AddRow = (benchmark: string, measure: string, value: number | string, budget?: string, ok?: boolean | null) => void

const PDF_COUNT = Number(process.env.BENCH_PDFS ?? 200)
const BULK_COUNT = Number(process.env.BENCH_BULK ?? 1000)

export async function certificates(server: string, row: AddRow) {
  const db = `aula_bench_certs_${process.pid}`
  const { url, drop } = await benchDatabase(server, db)
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'aula-bench-certs-'))
  try {
    // The app modules read their environment on first use (migrateDeploy loads the logger).
    Object.assign(process.env, {
      DATABASE_URL: url.toString(),
      OUTBOX_DIR: path.join(scratch, 'outbox'),
      CREDENTIAL_KEY_FILE: path.join(scratch, 'key.json'),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
    })
    await migrateDeploy(url.toString())
    const { prisma, disconnectDatabase } = await import('#app/utils/db.server.ts')
    const { getManifest } = await import('#app/content/catalog.server.ts')
    const { syncCatalogue } = await import('#app/content/sync.server.ts')
    const { renderCertificatePdf } = await import('#app/certificates/pdf.server.ts')
    const { issuer } = await import('#app/certificates/issuer.server.ts')
    const { startBatch } = await import('#app/certificates/batch.server.ts')
    const { closeJobQueue, runJobsUntilIdle } = await import('#app/jobs/runner.server.ts')
    await syncCatalogue(prisma, getManifest())
    const course = getManifest().courses.find((c) => c.id === 'iccs')!

    // 1. Rendering alone.
    const input = {
      serial: 'AULA-2026-000123',
      holderName: 'José Ñúñez García',
      courseTitle: course.title.es,
      hours: course.hours,
      completedAt: new Date(),
      country: 'CO',
      verificationUrl: 'https://aula.example/es/verify/abcdefghijklmnopqrstuvwxyz0',
      issuer: issuer(),
    }
    for (let i = 0; i < 20; i++) await renderCertificatePdf(input, i % 2 ? 'es' : 'en') // warm-up
    let started = performance.now()
    const cpuBefore = process.cpuUsage()
    for (let i = 0; i < PDF_COUNT; i++) await renderCertificatePdf(input, i % 2 ? 'es' : 'en')
    const pdfsPerSecond = PDF_COUNT / ((performance.now() - started) / 1000)
    const cpu = process.cpuUsage(cpuBefore)
    row(
      'certificates',
      `PDFs rendered per second (one thread, wall clock, ${PDF_COUNT})`,
      Math.round(pdfsPerSecond),
      '≥ 50',
      pdfsPerSecond >= 50,
    )
    // Per second of CPU time: the same figure with the machine's other load taken out.
    row('certificates', 'PDFs per CPU-second', Math.round(PDF_COUNT / ((cpu.user + cpu.system) / 1e6)))

    // 2. Bulk issue: learners who completed the course, made with set-based SQL.
    const client = new pg.Client({ connectionString: url.toString() })
    await client.connect()
    await client.query(
      `
      INSERT INTO "User" (id, email, "displayName", "certificateName", country, organisation, "organisationType", "preferredLocale", "updatedAt")
      SELECT 'bench-' || lpad(n::text, 5, '0'), 'bench-' || n || '@example.org', 'Learner ' || n, 'Apprenant·e Ñúñez ' || n,
             (ARRAY['CO','MX','PE','CL','ES','AR'])[1 + n % 6], 'Oficina ' || n, 'national_statistical_office', (ARRAY['en','es'])[1 + n % 2]::"Locale", now()
      FROM generate_series(1, $1) AS n`,
      [BULK_COUNT],
    )
    await client.query(
      `
      INSERT INTO "Enrollment" (id, "userId", "courseId", status, source, "completedAt")
      SELECT 'bench-e-' || n, 'bench-' || lpad(n::text, 5, '0'), $2, 'completed', 'free', now()
      FROM generate_series(1, $1) AS n`,
      [BULK_COUNT, course.id],
    )
    await client.query(
      `INSERT INTO "User" (id, email, "displayName", "certificateName", country, organisation, "organisationType", role, "updatedAt") VALUES ('bench-admin', 'bench-admin@example.org', 'Admin', 'Admin', 'CO', 'Aula', 'other', 'admin', now())`,
    )
    await client.end()
    const batch = await startBatch({ courseId: course.id, cohortId: null, actorId: 'bench-admin' })
    if (!batch.ok) throw new Error(batch.error)
    started = performance.now()
    // Its job, run by the job runner, and the mail jobs it adds.
    await runJobsUntilIdle()
    const seconds = (performance.now() - started) / 1000
    const done = await prisma.certificateBatch.findUniqueOrThrow({
      where: { id: batch.batchId },
      select: { issued: true, failed: true },
    })
    const stored = await prisma.certificate.count({ where: { courseId: course.id } })
    row(
      'certificates',
      `bulk issue of ${BULK_COUNT}: issued / failed`,
      `${done.issued} / ${done.failed}`,
      `${BULK_COUNT} / 0`,
      done.issued === BULK_COUNT && done.failed === 0 && stored === BULK_COUNT,
    )
    row('certificates', `bulk issue of ${BULK_COUNT}: seconds`, Math.round(seconds * 10) / 10)
    row(
      'certificates',
      'bulk issue: certificates per second (2 PDFs + credential + mail each)',
      Math.round((BULK_COUNT / seconds) * 10) / 10,
    )
    await closeJobQueue()
    await disconnectDatabase()
  } finally {
    await drop()
    rmSync(scratch, { recursive: true, force: true })
  }
}
