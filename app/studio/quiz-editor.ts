// What the quiz editor's page and its server module share (ADR 034 §3d): the question types in the
// order the forms offer them and the sizes of the forms. No server code: the page imports it.

export const QUESTION_TYPES = ['single', 'multiple', 'truefalse', 'numeric', 'text', 'order', 'match'] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]
/** The longest text a prompt, explanation, hint or option may have in the editor. */
export const MAX_QUIZ_TEXT = 4000
/** The empty rows each list of a question's form offers for new options (categories, items). */
export const NEW_ROWS = 2
