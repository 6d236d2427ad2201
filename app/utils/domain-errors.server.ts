// Domain functions answer in the domain: a typed result ({ ok: false, error: code }), never an HTTP
// Response or a sentence. Each module has ONE table saying what each of its failures means over HTTP
// (a status) and to a person (a message key, translated by the page); routes answer with errorReply.
import { data } from '@remix-run/node'

export type ErrorTable<Code extends string> = Readonly<Record<Code, { status: 400 | 403 | 404 | 409; message: string }>>

/** The action's answer to a domain failure: its status, and its message key in `errors`. */
export function errorReply<Code extends string>(table: ErrorTable<Code>, code: Code) {
  const { status, message } = table[code]
  return data({ errors: [message] }, { status })
}
