// parseForm makes Conform's coerced schema once per schema (ADR 027 §18): Conform's parseWithZod
// makes it anew on every call, about a tenth of a quiz submission's CPU.
import * as conform from '@conform-to/zod'
import { expect, test, vi } from 'vitest'
import { z } from 'zod'
import { parseForm } from './validation.ts'

vi.mock('@conform-to/zod', async (original) => {
  const actual = await original<typeof conform>()
  return { ...actual, unstable_coerceFormValue: vi.fn(actual.unstable_coerceFormValue) }
})

const form = (fields: Record<string, string>) => new URLSearchParams(fields)

test('a schema is coerced once, however many forms it parses, and still coerces each form', () => {
  const coerce = vi.mocked(conform.unstable_coerceFormValue)
  coerce.mockClear()
  const Schema = z.object({ count: z.number().int(), note: z.string().optional() })
  const first = parseForm(form({ count: '3', note: '' }), Schema)
  const second = parseForm(form({ count: '' }), Schema)
  const third = parseForm(form({ count: '7', note: 'kept' }), Schema)
  expect(coerce).toHaveBeenCalledTimes(1)
  // Text became a number, an empty field is missing, as Conform's own coercion does.
  expect(first.status === 'success' && first.value).toEqual({ count: 3 })
  expect(second.status === 'error' && second.error).toEqual({ count: ['validation:required'] })
  expect(third.status === 'success' && third.value).toEqual({ count: 7, note: 'kept' })
  // Another schema: its own coercion.
  parseForm(form({ name: 'x' }), z.object({ name: z.string() }))
  expect(coerce).toHaveBeenCalledTimes(2)
})
