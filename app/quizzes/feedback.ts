// When a learner may see the answer key of a graded activity (a quiz; the data exercises reuse it):
// the author's per-activity feedback policy (ADR 020). Pure and dependency-free.
//
// After every attempt the learner always sees, per question, whether it was right, partly right or
// wrong, their own answer as it was read, and the author's hint. The correct answers and the
// explanations are shown:
//
//   when-finished  (the default) once the learner has passed, or has no attempts left
//   always         after every attempt, passed or not
//   never          never (a bank of questions reused across cohorts, an exam)
//
// The course's trainers and the administrators see everything, whatever the policy.

export const FEEDBACK_POLICIES = ['when-finished', 'always', 'never'] as const
export type FeedbackPolicy = (typeof FEEDBACK_POLICIES)[number]
export const DEFAULT_FEEDBACK_POLICY: FeedbackPolicy = 'when-finished'

export type FeedbackContext = {
  /** A trainer of the course or an administrator. */
  staff: boolean
  /** The learner has passed the activity (any attempt). */
  passed: boolean
  /** Attempts the learner has left; null when attempts are unlimited. */
  attemptsLeft: number | null
}

/** Whether the correct answers and explanations may be shown (and sent to the browser) now. */
export function revealsAnswers(policy: FeedbackPolicy, { staff, passed, attemptsLeft }: FeedbackContext): boolean {
  if (staff) return true
  switch (policy) {
    case 'always':
      return true
    case 'never':
      return false
    case 'when-finished':
      return passed || attemptsLeft === 0
  }
}

/** Attempts left of a limit (0 = unlimited, as quizzes write it) after `used` attempts; null when unlimited. */
export function attemptsLeft(maxAttempts: number, used: number): number | null {
  return maxAttempts > 0 ? Math.max(0, maxAttempts - used) : null
}
