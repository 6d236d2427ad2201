-- One spelling of "enrolment" in identifiers (issue #11). The Prisma models and enums are now
-- Enrolment*, mapped onto the existing "Enrollment*" tables and types, so no table changes here;
-- the audit log's action names are identifiers the code compares and translates, so the rows
-- written under the old spelling are renamed to match.
UPDATE "AuditEvent" SET "action" = 'enrolment.' || substr("action", length('enrollment.') + 1)
WHERE "action" LIKE 'enrollment.%';
UPDATE "AuditEvent" SET "subject" = 'enrolment:' || substr("subject", length('enrollment:') + 1)
WHERE "subject" LIKE 'enrollment:%';
