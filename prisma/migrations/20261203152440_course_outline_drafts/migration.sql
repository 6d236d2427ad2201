-- AlterTable
ALTER TABLE "ContentReview" ADD COLUMN     "outline" JSONB,
ADD COLUMN     "outlineRevision" INTEGER;

-- CreateTable
CREATE TABLE "CourseOutlineDraft" (
    "courseId" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CourseOutlineDraft_pkey" PRIMARY KEY ("courseId")
);

-- AddForeignKey
ALTER TABLE "CourseOutlineDraft" ADD CONSTRAINT "CourseOutlineDraft_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseOutlineDraft" ADD CONSTRAINT "CourseOutlineDraft_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

