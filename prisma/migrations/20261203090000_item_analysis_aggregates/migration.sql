-- Item analysis reads compact rows kept at grading time (ADR 033) instead of every attempt's JSON.
-- Per learner and quiz, two rows ("QuizLearnerAttempt"): the first and the best attempt, each with
-- its language, score and item arrays (question ids, right or not, answers as text, in the order
-- of its results). Kept by an AFTER trigger on "QuizAttempt", in the attempt's transaction: on
-- insert an upsert whose row lock serialises two submissions of one learner at once (whichever
-- commits first), on delete and on an update of what the rows hold a recomputation from the
-- learner's attempts.
-- Function bodies never hold a semicolon (plpgsql bodies are escape strings with \073), comments
-- neither: the migration runner (Prisma's wasm engine through the driver adapter) splits a script
-- on every semicolon, quoted or not.

-- CreateEnum
CREATE TYPE "ItemView" AS ENUM ('first', 'best');

-- CreateTable
CREATE TABLE "QuizLearnerAttempt" (
    "courseId" TEXT NOT NULL,
    "quizId" TEXT NOT NULL,
    "view" "ItemView" NOT NULL,
    "userId" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "locale" "Locale" NOT NULL,
    "itemIds" TEXT[],
    "itemCorrect" BOOLEAN[],
    "itemAnswers" TEXT[],

    CONSTRAINT "QuizLearnerAttempt_pkey" PRIMARY KEY ("courseId","quizId","view","userId")
);

-- The item arrays of an attempt. results is an array of { id, correct, … } (gradeQuiz) or, in
-- older rows, an object keyed by question id: an element without an id is left out. Right means
-- correct is JSON true, as the containment the analysis used before read it. An answer missing
-- (or JSON null) is stored as '' (the form refuses empty answers, and Prisma reads no NULL in a list).
CREATE FUNCTION aula_quiz_items(results JSONB, answers JSONB, OUT ids TEXT[], OUT correct BOOLEAN[], OUT given TEXT[])
LANGUAGE sql IMMUTABLE
AS 'SELECT coalesce(array_agg(id ORDER BY k), ''{}''),
           coalesce(array_agg(coalesce(e -> ''correct'' = ''true''::jsonb, false) ORDER BY k), ''{}''),
           coalesce(array_agg(coalesce(answers ->> id, '''') ORDER BY k), ''{}'')
    FROM (SELECT e ->> ''id'' AS id, e, k
          FROM jsonb_array_elements(CASE WHEN jsonb_typeof(results) = ''array'' THEN results ELSE ''[]'' END) WITH ORDINALITY r(e, k)
          WHERE jsonb_typeof(e) = ''object'' AND e ->> ''id'' IS NOT NULL
          UNION ALL
          SELECT id, e, k
          FROM jsonb_each(CASE WHEN jsonb_typeof(results) = ''object'' THEN results ELSE ''{}'' END) WITH ORDINALITY r(id, e, k)) items';

-- A learner's two rows, recomputed from their attempts at the quiz (none left: no rows). First:
-- earliest, then lowest id. Best: highest score, then earliest, then lowest id.
CREATE FUNCTION aula_quiz_learner_recompute(course TEXT, quiz TEXT, learner TEXT) RETURNS void
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS E'BEGIN
  DELETE FROM "QuizLearnerAttempt" WHERE "courseId" = course AND "quizId" = quiz AND "userId" = learner\073
  INSERT INTO "QuizLearnerAttempt" ("courseId", "quizId", view, "userId", "attemptId", "createdAt", score, locale, "itemIds", "itemCorrect", "itemAnswers")
  SELECT course, quiz, v.view, learner, a.id, a."createdAt", a.score, a.locale, i.ids, i.correct, i.given
  FROM (VALUES (\'first\'::"ItemView"), (\'best\'::"ItemView")) v(view)
  CROSS JOIN LATERAL (SELECT * FROM "QuizAttempt"
                      WHERE "courseId" = course AND "quizId" = quiz AND "userId" = learner
                      ORDER BY CASE WHEN v.view = \'best\' THEN -score END, "createdAt", id LIMIT 1) a
  CROSS JOIN LATERAL aula_quiz_items(a.results, a.answers) i\073
END';

-- On insert, the new attempt takes a view's row only if it comes before the one there, in the
-- same order as the recomputation (the row lock of ON CONFLICT makes this safe under concurrency).
CREATE FUNCTION aula_quiz_learner_attempt() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS E'BEGIN
  IF TG_OP = \'INSERT\' THEN
    INSERT INTO "QuizLearnerAttempt" AS s ("courseId", "quizId", view, "userId", "attemptId", "createdAt", score, locale, "itemIds", "itemCorrect", "itemAnswers")
    SELECT NEW."courseId", NEW."quizId", v.view, NEW."userId", NEW.id, NEW."createdAt", NEW.score, NEW.locale, i.ids, i.correct, i.given
    FROM (VALUES (\'first\'::"ItemView"), (\'best\'::"ItemView")) v(view), aula_quiz_items(NEW.results, NEW.answers) i
    ON CONFLICT ("courseId", "quizId", view, "userId") DO UPDATE SET
      "attemptId" = EXCLUDED."attemptId", "createdAt" = EXCLUDED."createdAt", score = EXCLUDED.score,
      locale = EXCLUDED.locale, "itemIds" = EXCLUDED."itemIds", "itemCorrect" = EXCLUDED."itemCorrect",
      "itemAnswers" = EXCLUDED."itemAnswers"
    WHERE CASE WHEN s.view = \'best\'
               THEN (-EXCLUDED.score, EXCLUDED."createdAt", EXCLUDED."attemptId") < (-s.score, s."createdAt", s."attemptId")
               ELSE (EXCLUDED."createdAt", EXCLUDED."attemptId") < (s."createdAt", s."attemptId") END\073
    RETURN NULL\073
  END IF\073
  PERFORM aula_quiz_learner_recompute(OLD."courseId", OLD."quizId", OLD."userId")\073
  IF TG_OP = \'UPDATE\' AND (NEW."courseId", NEW."quizId", NEW."userId") IS DISTINCT FROM (OLD."courseId", OLD."quizId", OLD."userId") THEN
    PERFORM aula_quiz_learner_recompute(NEW."courseId", NEW."quizId", NEW."userId")\073
  END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER "QuizAttempt_learner"
AFTER INSERT OR DELETE OR UPDATE OF id, "courseId", "quizId", "userId", "createdAt", score, locale, results, answers ON "QuizAttempt"
FOR EACH ROW EXECUTE FUNCTION aula_quiz_learner_attempt();

-- BACKFILL: every learner's first and best attempt at every quiz so far.
-- tests/integration/item-analysis-aggregates.test.ts runs this statement on attempts inserted
-- without the trigger, so it keeps rows already there up to date instead of failing on them.
INSERT INTO "QuizLearnerAttempt" ("courseId", "quizId", view, "userId", "attemptId", "createdAt", score, locale, "itemIds", "itemCorrect", "itemAnswers")
SELECT a."courseId", a."quizId", a.view, a."userId", a.id, a."createdAt", a.score, a.locale, i.ids, i.correct, i.given
FROM (SELECT * FROM (SELECT DISTINCT ON ("courseId", "quizId", "userId") 'first'::"ItemView" AS view, *
                     FROM "QuizAttempt" ORDER BY "courseId", "quizId", "userId", "createdAt", id) f
      UNION ALL
      SELECT * FROM (SELECT DISTINCT ON ("courseId", "quizId", "userId") 'best'::"ItemView" AS view, *
                     FROM "QuizAttempt" ORDER BY "courseId", "quizId", "userId", score DESC, "createdAt", id) b) a,
     aula_quiz_items(a.results, a.answers) i
ON CONFLICT ("courseId", "quizId", view, "userId") DO UPDATE SET
  "attemptId" = EXCLUDED."attemptId", "createdAt" = EXCLUDED."createdAt", score = EXCLUDED.score,
  locale = EXCLUDED.locale, "itemIds" = EXCLUDED."itemIds", "itemCorrect" = EXCLUDED."itemCorrect",
  "itemAnswers" = EXCLUDED."itemAnswers";
