// A honeypot on public forms (remix-utils): bots fill the hidden field or post too fast.
import { data } from '@remix-run/node'
import { Honeypot, SpamError } from 'remix-utils/honeypot/server'
import { env } from './env.server.ts'

let honeypot: Honeypot | undefined
function instance() {
  // The seed is shared by every process, so a form rendered by one worker checks on another.
  honeypot ??= new Honeypot({ encryptionSeed: env().HONEYPOT_SECRET ?? env().SESSION_SECRET })
  return honeypot
}

export function honeypotInputProps() {
  return instance().getInputProps()
}

/**
 * Throws a 400 for a bot-filled form. A forged timestamp field can also make the decryption throw
 * (crypto-js: "Malformed UTF-8 data"): that is a bad form too, not a server error.
 */
export function checkHoneypot(formData: FormData) {
  try {
    instance().check(formData)
  } catch (error) {
    throw data({ spam: error instanceof SpamError }, { status: 400, statusText: 'Bad Request' })
  }
}
