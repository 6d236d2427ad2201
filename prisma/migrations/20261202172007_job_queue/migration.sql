-- DropIndex
DROP INDEX "MailMessage_status_nextAttemptAt_idx";

-- AlterTable
ALTER TABLE "CertificateBatch" DROP COLUMN "leaseUntil";

-- AlterTable
ALTER TABLE "MailMessage" DROP COLUMN "nextAttemptAt";

-- CreateIndex
CREATE INDEX "MailMessage_status_idx" ON "MailMessage"("status");


-- Hand-written (the Prisma schema cannot express a partial index): one valid certificate per
-- learner and course, whoever issues it (ADR 012). Issues take the serial of the year and render
-- outside any lock, and this is the backstop behind the learner-course advisory lock.
CREATE UNIQUE INDEX "Certificate_one_valid_per_learner_course" ON "Certificate"("userId", "courseId") WHERE status = 'valid';

-- Hand-written: what the hand-made queues had in flight becomes jobs of the job library
-- (ADR 012), so an upgrade loses nothing. Needs the job schema, which migrateDeploy
-- (server/prisma-cli.ts: npm run db:migrate, server start, tests) creates before it applies
-- these migrations. Plain statements: the wasm schema engine splits a script at every semicolon,
-- so neither a DO block nor a semicolon in a comment survives.

-- Mail waiting for the sweeper (MAIL_MAX_ATTEMPTS in app/utils/email.server.ts).
SELECT graphile_worker.add_job('mail:send', json_build_object('mailId', id), max_attempts => 17)
FROM "MailMessage" WHERE status = 'queued';

-- Completions a crash left without their certificate (what the start-up catch-up used to issue).
SELECT graphile_worker.add_job('certificate:issue', json_build_object('userId', e."userId", 'courseId', e."courseId"),
  job_key => 'certificate-issue:' || e."userId" || ':' || e."courseId")
FROM "Enrollment" e JOIN "User" u ON u.id = e."userId" AND u."deletedAt" IS NULL
WHERE e.status = 'completed'
  AND NOT EXISTS (SELECT 1 FROM "Certificate" c WHERE c."userId" = e."userId" AND c."courseId" = e."courseId")
  AND NOT EXISTS (SELECT 1 FROM "CertificateRequest" r WHERE r."userId" = e."userId" AND r."courseId" = e."courseId");

-- Bulk issues and cohort imports left running.
SELECT graphile_worker.add_job('certificate:batch', json_build_object('batchId', id), job_key => 'certificate-batch:' || id)
FROM "CertificateBatch" WHERE status = 'running';
SELECT graphile_worker.add_job('cohort:import', json_build_object('importId', id), job_key => 'cohort-import:' || id)
FROM "CohortImport" WHERE status = 'running';
