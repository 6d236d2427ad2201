-- CreateEnum
CREATE TYPE "EnrollmentRequestStatus" AS ENUM ('pending', 'approved', 'declined');

-- CreateEnum
CREATE TYPE "CohortImportStatus" AS ENUM ('previewed', 'running', 'completed');

-- CreateEnum
CREATE TYPE "CohortRowOutcome" AS ENUM ('pending', 'created', 'existing', 'already_enrolled');

-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN     "grantedById" TEXT,
ADD COLUMN     "waiverReason" TEXT,
ADD COLUMN     "waiverSponsor" TEXT;

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "flagReason" TEXT,
ADD COLUMN     "flagged" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "refundedCents" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "CohortImport" (
    "id" TEXT NOT NULL,
    "cohortName" TEXT NOT NULL,
    "cohortId" TEXT,
    "courseId" TEXT NOT NULL,
    "createdById" TEXT,
    "fileName" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "csv" TEXT NOT NULL,
    "status" "CohortImportStatus" NOT NULL DEFAULT 'previewed',
    "totalRows" INTEGER NOT NULL,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "CohortImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CohortImportRow" (
    "id" TEXT NOT NULL,
    "importId" TEXT NOT NULL,
    "rowNumber" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "certificateName" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "organisation" TEXT NOT NULL,
    "organisationType" "OrganisationType" NOT NULL,
    "locale" "Locale" NOT NULL,
    "outcome" "CohortRowOutcome" NOT NULL DEFAULT 'pending',
    "userId" TEXT,
    "invitedAt" TIMESTAMP(3),

    CONSTRAINT "CohortImportRow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EnrollmentRequest" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "status" "EnrollmentRequestStatus" NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "decidedById" TEXT,

    CONSTRAINT "EnrollmentRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CohortImport_createdAt_idx" ON "CohortImport"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CohortImportRow_importId_rowNumber_key" ON "CohortImportRow"("importId", "rowNumber");

-- CreateIndex
CREATE INDEX "EnrollmentRequest_status_createdAt_idx" ON "EnrollmentRequest"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EnrollmentRequest_userId_courseId_key" ON "EnrollmentRequest"("userId", "courseId");

-- CreateIndex
CREATE UNIQUE INDEX "Cohort_courseId_name_key" ON "Cohort"("courseId", "name");

-- CreateIndex
CREATE INDEX "Enrollment_source_createdAt_idx" ON "Enrollment"("source", "createdAt");

-- CreateIndex
CREATE INDEX "Payment_createdAt_idx" ON "Payment"("createdAt");

-- AddForeignKey
ALTER TABLE "CohortImport" ADD CONSTRAINT "CohortImport_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortImport" ADD CONSTRAINT "CohortImport_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortImport" ADD CONSTRAINT "CohortImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortImportRow" ADD CONSTRAINT "CohortImportRow_importId_fkey" FOREIGN KEY ("importId") REFERENCES "CohortImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrollmentRequest" ADD CONSTRAINT "EnrollmentRequest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrollmentRequest" ADD CONSTRAINT "EnrollmentRequest_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnrollmentRequest" ADD CONSTRAINT "EnrollmentRequest_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

