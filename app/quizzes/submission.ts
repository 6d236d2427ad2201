// A quiz form and its one schema, built from the public quiz (ids only, never keys): the lesson
// page validates with it in the browser (Conform's onValidate) and the action parses with it on
// the server, so the answers reach grading (grade.ts) complete and well-formed.
//
// Field names are Conform's nested names: `answers.<question>` for single, true/false, numeric,
// text (one value) and multiple (one value per ticked option); `answers.<question>.<part>` for
// match (the category chosen for each item) and order (the position, 1..n, chosen for each option).
// What the schema gives grading, per question type:
//   single, truefalse ('true' | 'false'), numeric, text: a non-blank string of at most 200 characters
//   multiple: a non-empty list of distinct option ids
//   match: a category id for every item id
//   order: every option id once, in the learner's order
import { z } from 'zod'
import { FORM_ERROR, intent, UuidSchema } from '#app/utils/validation.ts'
import { type QuizAnswers } from './grade.ts'
import { type PublicQuestion } from './public.ts'

export const MAX_ANSWER_LENGTH = 200

type Ids = Array<{ id: string }>
/** What the schema reads of a quiz: the ids and types of the public quiz (publicQuiz), never its keys. */
export type QuizShape = {
  id: string
  questions: Array<Pick<PublicQuestion, 'id' | 'type'> & { options?: Ids; items?: Ids; categories?: Ids }>
}

const choice = (ids: string[]) => {
  const [first, ...rest] = ids
  return z.enum([first ?? '', ...rest], {
    errorMap: (issue) => ({
      message:
        issue.code !== 'invalid_type'
          ? 'validation:choice'
          : issue.received === 'undefined'
            ? 'validation:required'
            : 'validation:invalid',
    }),
  })
}

const typed = z
  .string({ required_error: 'validation:required', invalid_type_error: 'validation:invalid' })
  .max(MAX_ANSWER_LENGTH, 'validation:tooLong')
  .refine((value) => value.trim() !== '', 'validation:required')
  // PostgreSQL refuses NUL in text and JSON (a 500, issue 14); no control character belongs in an answer.
  .refine((value) => !/\p{Cc}/u.test(value), 'validation:invalid')

function answerSchema(question: QuizShape['questions'][number]): z.ZodTypeAny {
  const ids = (list: Ids | undefined) => (list ?? []).map((o) => o.id)
  switch (question.type) {
    case 'single':
      return choice(ids(question.options))
    case 'truefalse':
      return choice(['true', 'false'])
    case 'numeric':
    case 'text':
      return typed
    case 'multiple':
      return z
        .array(choice(ids(question.options)), { invalid_type_error: 'validation:invalid' })
        .min(1, 'validation:required')
        .refine((picked) => new Set(picked).size === picked.length, 'validation:invalid')
    case 'match':
      return z
        .object(Object.fromEntries(ids(question.items).map((item) => [item, choice(ids(question.categories))])), {
          invalid_type_error: 'validation:invalid',
        })
        .strict(FORM_ERROR)
    case 'order': {
      const options = ids(question.options)
      const positions = choice(options.map((_, i) => String(i + 1)))
      return z
        .object(Object.fromEntries(options.map((option) => [option, positions])), {
          invalid_type_error: 'validation:invalid',
        })
        .strict(FORM_ERROR)
        .refine((chosen) => new Set(Object.values(chosen)).size === options.length, 'quiz:errors.orderRepeated')
        .transform((chosen) =>
          Object.entries(chosen)
            .sort((a, b) => Number(a[1]) - Number(b[1]))
            .map(([option]) => option),
        )
    }
  }
}

const schemas = new WeakMap<object, ReturnType<typeof build>>()

function build(quiz: QuizShape) {
  const answers = z
    .object(Object.fromEntries(quiz.questions.map((q) => [q.id, answerSchema(q)])), { invalid_type_error: FORM_ERROR })
    // A question that is not in the quiz: the form was altered.
    .strict(FORM_ERROR)
    .transform((value) => value as QuizAnswers)
  return z.object({
    intent: intent('submit-quiz'),
    quizId: intent(quiz.id),
    // A new one each time the page shows the form: a second post of the same form is a replay.
    submissionId: UuidSchema,
    answers,
  })
}

/** The schema of one quiz's form (made once per quiz object). */
export function quizSubmissionSchema(quiz: QuizShape) {
  let schema = schemas.get(quiz)
  if (!schema) {
    schema = build(quiz)
    schemas.set(quiz, schema)
  }
  return schema
}

/** The form fields a browser sends for these answers (what tests and benchmarks post). */
export function quizFormFields(quiz: Pick<QuizShape, 'questions'>, answers: QuizAnswers): Array<[string, string]> {
  const fields: Array<[string, string]> = []
  for (const question of quiz.questions) {
    const name = `answers.${question.id}`
    const value = answers[question.id]
    if (value === undefined) continue
    if (question.type === 'match') {
      for (const [item, category] of Object.entries(value as Record<string, string>))
        fields.push([`${name}.${item}`, category])
    } else if (question.type === 'order') {
      ;(value as string[]).forEach((option, i) => fields.push([`${name}.${option}`, String(i + 1)]))
    } else if (Array.isArray(value)) {
      for (const item of value) fields.push([name, String(item)])
    } else {
      fields.push([name, String(value)])
    }
  }
  return fields
}
