-- AlterTable
ALTER TABLE "User" ADD COLUMN     "teaches" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "fileEmails" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "CourseTrainer" (
    "courseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "assignedById" TEXT,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CourseTrainer_pkey" PRIMARY KEY ("courseId","userId")
);

-- CreateIndex
CREATE INDEX "CourseTrainer_userId_idx" ON "CourseTrainer"("userId");

-- AddForeignKey
ALTER TABLE "CourseTrainer" ADD CONSTRAINT "CourseTrainer_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseTrainer" ADD CONSTRAINT "CourseTrainer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseTrainer" ADD CONSTRAINT "CourseTrainer_assignedById_fkey" FOREIGN KEY ("assignedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- User.teaches: a copy of the person's CourseTrainer rows (their course ids, sorted), kept by this
-- trigger on every insert, update and delete of those rows, so the session's read carries it as a
-- plain column (ADR 034 §2a: an ARRAY subquery there cost ~0.15 ms a request, its planning). The body
-- is an escape string whose semicolons are written \073: the migration runner splits a script on
-- every semicolon, quoted or not (as in 20261202221526_people_search).
CREATE FUNCTION aula_user_teaches() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS E'BEGIN IF TG_OP <> \'INSERT\' THEN UPDATE "User" SET teaches = ARRAY(SELECT ct."courseId" FROM "CourseTrainer" ct WHERE ct."userId" = OLD."userId" ORDER BY 1) WHERE id = OLD."userId"\073 END IF\073 IF TG_OP <> \'DELETE\' THEN UPDATE "User" SET teaches = ARRAY(SELECT ct."courseId" FROM "CourseTrainer" ct WHERE ct."userId" = NEW."userId" ORDER BY 1) WHERE id = NEW."userId"\073 END IF\073 RETURN NULL\073 END';

CREATE TRIGGER "CourseTrainer_teaches"
AFTER INSERT OR UPDATE OR DELETE ON "CourseTrainer"
FOR EACH ROW EXECUTE FUNCTION aula_user_teaches();
