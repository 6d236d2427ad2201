// Domain functions answer in the domain: a typed result ({ ok: false, error: code }), never an HTTP
// Response or a sentence. Each module has ONE table saying what each of its failures means over HTTP
// (a status) and to a person (a message key, translated by the page); routes answer with errorReply.
import { data } from '@remix-run/node'

export type ErrorTable<Code extends string> = Readonly<
  Record<Code, { status: 400 | 403 | 404 | 409 | 413; message: string }>
>

/** A domain failure as the form pipeline's refusal: its message key and status (refuse() in form.server.ts). */
export function domainError<Code extends string>(table: ErrorTable<Code>, code: Code): readonly [string, number] {
  const { status, message } = table[code]
  return [message, status]
}
