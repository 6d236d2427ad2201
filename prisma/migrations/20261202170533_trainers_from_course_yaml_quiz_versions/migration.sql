-- Who teaches a course is the e-mail list in its course.yaml, read at request time: the copy in
-- CourseTrainer (synced only at start) goes. QuizVersion keeps each quiz version learners answered,
-- so a past attempt is explained against it (ADR 015). Ids move to cuid2 (a Prisma-side default: no SQL).

-- DropForeignKey
ALTER TABLE "CourseTrainer" DROP CONSTRAINT "CourseTrainer_courseId_fkey";

-- DropForeignKey
ALTER TABLE "CourseTrainer" DROP CONSTRAINT "CourseTrainer_userId_fkey";

-- DropTable
DROP TABLE "CourseTrainer";

-- CreateTable
CREATE TABLE "QuizVersion" (
    "courseId" TEXT NOT NULL,
    "quizId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "quiz" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuizVersion_pkey" PRIMARY KEY ("courseId","quizId","version")
);

