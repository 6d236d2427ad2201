-- CreateEnum
CREATE TYPE "MailStatus" AS ENUM ('queued', 'sent', 'failed');

-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN     "paymentId" TEXT;

-- CreateTable
CREATE TABLE "PendingRefund" (
    "paymentIntentId" TEXT NOT NULL,
    "refundedCents" INTEGER NOT NULL,
    "refunded" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingRefund_pkey" PRIMARY KEY ("paymentIntentId")
);

-- CreateTable
CREATE TABLE "MailMessage" (
    "id" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "status" "MailStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dedupeKey" TEXT,

    CONSTRAINT "MailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MailMessage_dedupeKey_key" ON "MailMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "MailMessage_status_nextAttemptAt_idx" ON "MailMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "Enrollment_paymentId_key" ON "Enrollment"("paymentId");

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Backfill: an enrolment bought before this migration is linked to the purchase that made it
-- (the one unflagged payment of that learner and course), so a later full refund of that
-- payment cancels it as it would a new one. Ambiguous cases stay unlinked (never cancelled).
UPDATE "Enrollment" e SET "paymentId" = p.id
FROM "Payment" p
WHERE e.source = 'payment' AND e."paymentId" IS NULL
  AND p."userId" = e."userId" AND p."courseId" = e."courseId" AND NOT p.flagged
  AND (SELECT count(*) FROM "Payment" q WHERE q."userId" = e."userId" AND q."courseId" = e."courseId" AND NOT q.flagged) = 1;
