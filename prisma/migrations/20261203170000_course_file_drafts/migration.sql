-- CreateTable
CREATE TABLE "CourseFileDraft" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "sha256" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CourseFileDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContentReviewFile" (
    "reviewId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "sha256" TEXT,

    CONSTRAINT "ContentReviewFile_pkey" PRIMARY KEY ("reviewId","path")
);

-- CreateIndex
CREATE UNIQUE INDEX "CourseFileDraft_courseId_path_key" ON "CourseFileDraft"("courseId", "path");

-- AddForeignKey
ALTER TABLE "CourseFileDraft" ADD CONSTRAINT "CourseFileDraft_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseFileDraft" ADD CONSTRAINT "CourseFileDraft_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContentReviewFile" ADD CONSTRAINT "ContentReviewFile_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "ContentReview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

