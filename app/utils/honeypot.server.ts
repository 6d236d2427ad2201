// A honeypot on public forms (remix-utils): bots fill the hidden field or post too fast.
import { data } from '@remix-run/node'
import { Honeypot, SpamError } from 'remix-utils/honeypot/server'
import { env } from './env.server.ts'

/** No page of ours rendered a time stamp before this (2024-01-01T00:00:00Z). */
const EARLIEST_TIME_STAMP = Date.UTC(2024, 0, 1)

/**
 * The library accepts any positive number as the decrypted time stamp, and crypto-js decrypts an
 * unsalted (forged) value with a random key, so about one forged value in 6,000 decrypts to a short
 * string of digits ("7": 7 ms after 1970) and passed. A time stamp is a whole number of milliseconds
 * from a page we rendered: since 2024, and (the library's own check) not in the future.
 */
class StrictHoneypot extends Honeypot {
  protected override isValidTimeStamp(timestamp: number) {
    return Number.isSafeInteger(timestamp) && timestamp >= EARLIEST_TIME_STAMP
  }
}

let honeypot: Honeypot | undefined
function instance() {
  // The seed is shared by every process, so a form rendered by one worker checks on another.
  honeypot ??= new StrictHoneypot({ encryptionSeed: env().HONEYPOT_SECRET ?? env().SESSION_SECRET })
  return honeypot
}

export function honeypotInputProps() {
  return instance().getInputProps()
}

/**
 * Throws a 400 for a bot's form, answered the same way whatever gave it away: a filled trap field, a
 * time stamp that is missing, forged or in the future, or a form without the two hidden fields (the
 * library skips its check when both are absent: a form posted by a script, not by the page). A forged
 * time stamp can also make the decryption throw (crypto-js: "Malformed UTF-8 data"): a bot too,
 * never a server error.
 */
export function checkHoneypot(formData: FormData) {
  // The library's field names (fixed: not randomised), as the page renders them.
  const { nameFieldName, validFromFieldName } = honeypotInputProps()
  try {
    if (!formData.has(nameFieldName) || !validFromFieldName || !formData.has(validFromFieldName)) {
      throw new SpamError('Missing honeypot inputs')
    }
    instance().check(formData)
  } catch (error) {
    throw data({ spam: error instanceof SpamError }, { status: 400, statusText: 'Bad Request' })
  }
}
