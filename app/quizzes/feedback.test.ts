import { expect, test } from 'vitest'
import { attemptsLeft, FEEDBACK_POLICIES, revealsAnswers } from './feedback.ts'

const learner = { staff: false, passed: false, attemptsLeft: 2 }

test('when-finished (the default) reveals answers once passed or out of attempts, never while attempts remain', () => {
  expect(revealsAnswers('when-finished', learner)).toBe(false)
  expect(revealsAnswers('when-finished', { ...learner, attemptsLeft: null })).toBe(false)
  expect(revealsAnswers('when-finished', { ...learner, passed: true })).toBe(true)
  expect(revealsAnswers('when-finished', { ...learner, attemptsLeft: 0 })).toBe(true)
})

test('always and never do as they say; staff see everything under every policy', () => {
  expect(revealsAnswers('always', learner)).toBe(true)
  expect(revealsAnswers('never', { ...learner, passed: true, attemptsLeft: 0 })).toBe(false)
  for (const policy of FEEDBACK_POLICIES) expect(revealsAnswers(policy, { ...learner, staff: true })).toBe(true)
})

test('attempts left: 0 means unlimited (null); never below 0', () => {
  expect(attemptsLeft(0, 5)).toBeNull()
  expect(attemptsLeft(3, 1)).toBe(2)
  expect(attemptsLeft(3, 4)).toBe(0)
})
