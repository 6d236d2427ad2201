// The honeypot's time stamp check, below the HTTP tests of tests/integration/honeypot.test.ts: values
// that decrypt with our seed but were never rendered by a page of ours are a bot's.
import { Honeypot } from 'remix-utils/honeypot/server'
import { expect, test } from 'vitest'
import { env } from './env.server.ts'
import { checkHoneypot, honeypotInputProps } from './honeypot.server.ts'

function form(validFrom: string, trap = '') {
  const formData = new FormData()
  formData.set('name__confirm', trap)
  formData.set('from__confirm', validFrom)
  return formData
}

/** A time stamp encrypted with our seed, as a forged value may decrypt by chance. */
function encrypted(validFromTimestamp: number) {
  const seed = env().HONEYPOT_SECRET ?? env().SESSION_SECRET
  return new Honeypot({ encryptionSeed: seed }).getInputProps({ validFromTimestamp }).encryptedValidFrom!
}

async function status(formData: FormData) {
  try {
    checkHoneypot(formData)
    return 200
  } catch (error) {
    return (error as { init?: { status?: number } }).init?.status
  }
}

test('the time stamp the page renders goes through', async () => {
  expect(await status(form(honeypotInputProps().encryptedValidFrom!))).toBe(200)
})

test('a tiny, fractional, future or pre-2024 time stamp is a bot even though the library takes most of them', async () => {
  // The library alone accepts 7 (7 ms after 1970): a forged value decrypts to such digits about once in 6,000.
  const library = new Honeypot({ encryptionSeed: env().HONEYPOT_SECRET ?? env().SESSION_SECRET })
  expect(() => library.check(form(encrypted(7)))).not.toThrow()
  for (const stamp of [7, 1_000_000, Date.UTC(2023, 11, 31), Date.now() - 0.5, Date.now() + 60_000]) {
    expect(await status(form(encrypted(stamp))), String(stamp)).toBe(400)
  }
})

test('a filled trap is a bot whatever the time stamp', async () => {
  expect(await status(form(honeypotInputProps().encryptedValidFrom!, 'bot'))).toBe(400)
})
