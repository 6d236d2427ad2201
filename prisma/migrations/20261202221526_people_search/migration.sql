-- People search (ADR 025): one column holding what the search looks in, lower case and without
-- accents, kept by a trigger on every write, and a trigram index so that "contains" stays fast.
-- Both extensions ship with PostgreSQL's contrib (and with embedded-postgres). Both are trusted,
-- so a database owner without superuser may create them.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- The search text of a row: display name, certificate name, e-mail and organisation. The body is
-- an escape string whose semicolons are written \073: the migration runner (Prisma's wasm engine
-- through the driver adapter) splits a script on every semicolon, quoted or not.
CREATE FUNCTION aula_user_search_text() RETURNS trigger
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS E'BEGIN NEW."searchText" := lower(unaccent(concat_ws(\' \', NEW."displayName", NEW."certificateName", NEW."email", NEW."organisation")))\073 RETURN NEW\073 END';

CREATE TRIGGER "User_searchText"
BEFORE INSERT OR UPDATE ON "User"
FOR EACH ROW EXECUTE FUNCTION aula_user_search_text();

-- Existing people (the trigger computes the column).
UPDATE "User" SET "searchText" = '';

-- Hand-written (prisma/schema.prisma names it on the User model, schema-drift.test.ts checks it).
CREATE INDEX "User_searchText_trgm" ON "User" USING GIN ("searchText" gin_trgm_ops);
