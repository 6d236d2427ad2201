-- DropIndex
DROP INDEX "LessonProgress_courseId_lessonId_idx";

-- DropIndex
DROP INDEX "QuizAttempt_courseId_quizId_idx";

-- CreateIndex
CREATE INDEX "LessonProgress_courseId_lessonId_completedAt_idx" ON "LessonProgress"("courseId", "lessonId", "completedAt");

-- CreateIndex
CREATE INDEX "QuizAttempt_courseId_quizId_passed_idx" ON "QuizAttempt"("courseId", "quizId", "passed");

