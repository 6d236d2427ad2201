// The lengths and counts the forms' schemas (validation.ts) check, without Zod: the one place they
// are imported from, so a page that only shows a limit (the lesson page's note field) keeps Zod and
// Conform out of its JavaScript (ADR 027 §15).
export const MAX_NAME_LENGTH = 100
export const MAX_ORGANISATION_LENGTH = 200
export const MIN_PASSWORD_LENGTH = 10
export const MAX_PASSWORD_LENGTH = 200
export const MAX_EMAIL_LENGTH = 254
/** A waiver's reason or sponsor: one line an administrator types. */
export const MAX_NOTE_LENGTH = 300
/** Why a certificate was revoked or a request rejected: kept with the record, shown to the learner. */
export const MAX_REASON_LENGTH = 500
/** A longer message (an enrolment request): several lines. */
export const MAX_MESSAGE_LENGTH = 1000
export const MAX_SEARCH_LENGTH = 200
/** A learner's note on a lesson (app/notes). */
export const MAX_LESSON_NOTE_LENGTH = 5000
/** A comment on a Studio review, or the message a review is submitted with. */
export const MAX_REVIEW_COMMENT_LENGTH = 2000
/** A lesson's or module's title typed in the Studio's outline (one line). */
export const MAX_OUTLINE_TITLE_LENGTH = 150
/** A glossary term and its definition typed in the Studio's glossary editor. */
export const MAX_TERM_LENGTH = 150
export const MAX_DEFINITION_LENGTH = 1000
/** The largest CSV the Studio's dataset editor takes: the whole form must stay under the server's 1 MB body limit. */
export const MAX_STUDIO_CSV_BYTES = 512 * 1024
/** The most data rows the Studio's dataset editor takes: practice data, shown and charted whole. */
export const MAX_STUDIO_CSV_ROWS = 5_000
/** A module summary typed in the Studio (one or two sentences, as module.yaml has them). */
export const MAX_OUTLINE_SUMMARY_LENGTH = 400
export const MAX_PAGE = 10_000
