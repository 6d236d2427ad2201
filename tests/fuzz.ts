// The lasting probe of issue 14, shared by its two halves (they run side by side, in two workers):
// tests/integration/fuzz-queries.test.ts (every query parameter of every route, as each role) and
// tests/integration/fuzz-forms.test.ts (every field of every form, as each role). Given a corpus of
// bad values (empty, 10,000 characters, a value sent twice, NUL, bytes that are not UTF-8, markup,
// SQL, huge, negative and fractional numbers, days and months far in the past and future), no answer
// may be a 5xx, and a request that is refused (4xx) leaves every table as it was.
//
// The routes come from tests/routes.ts, the one inventory (a route file missing there fails here).
import { CLIENT_IP_HEADER, type AppServer } from '#tests/http.ts'
import { type Fields, type RouteWorld, type Who } from '#tests/routes.ts'

/** A bad value as it goes on the wire: URL-encoded text, or raw escapes (bytes that are not UTF-8). */
export type Bad = { label: string; values: string[]; raw?: string }

export const BAD: Bad[] = [
  { label: 'empty', values: [''] },
  { label: '10,000 characters', values: ['a'.repeat(10_000)] },
  { label: 'sent twice', values: ['1', '2'] },
  { label: 'NUL', values: ['a\u0000b'] },
  { label: 'not UTF-8', values: [], raw: '%FF%FE%C3%28' },
  { label: 'HTML', values: ['"><script>alert(1)</script>'] },
  { label: 'SQL', values: [`' OR '1'='1'; DROP TABLE "User"; --`] },
  { label: 'a huge number', values: ['99999999999999999999999999'] },
  { label: 'a negative number', values: ['-1'] },
  { label: 'a fraction', values: ['2.5'] },
  { label: 'a day far in the past', values: ['0001-01-01'] },
  { label: 'a day far in the future', values: ['9999-12-31'] },
  { label: 'a month far in the future', values: ['9999-12'] },
  { label: 'a day that does not exist', values: ['2026-02-31'] },
]

/** Another role whose request reads the key, or posts the form, gets these (its guard answers). */
export const SPOT_CHECK = BAD.filter((bad) => bad.label === 'NUL')

/** `key=value` pairs of one bad value, encoded. */
export function encoded(key: string, bad: Bad): string[] {
  const k = encodeURIComponent(key)
  if (bad.raw !== undefined) return [`${k}=${bad.raw}`]
  return bad.values.map((value) => `${k}=${encodeURIComponent(value)}`)
}

/** What a fuzz file found, printed at its end. */
export type Found = { queries: number; fields: number; requests: number; accepted: number; serverErrors: string[] }

/**
 * Requests as a role sends them, each from its own client address (the per-address limits never
 * answer for the corpus); `onSend` runs around each request (the query half records URL reads).
 */
export function fuzzClient(app: () => AppServer, world: () => RouteWorld, around?: (active: boolean) => void) {
  let ip = 0
  return async function send(
    who: Who,
    path: string,
    init: { method?: string; body?: string; recordKeys?: boolean } = {},
  ): Promise<{ status: number; text: string }> {
    const { origin } = app()
    const headers: Record<string, string> = {
      Origin: origin,
      [CLIENT_IP_HEADER]: `198.19.${Math.floor(++ip / 250) % 250}.${ip % 250}`,
    }
    const cookie = world().cookies[who]
    if (cookie) headers.Cookie = cookie
    if (init.body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded'
    around?.(Boolean(init.recordKeys))
    const request = () =>
      fetch(`${origin}${path}`, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' })
    try {
      // A kept-alive socket the server closed at that moment: Node's fetch fails; the request is sent again.
      const response = await request().catch((error: unknown) => {
        if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNRESET') return request()
        throw error
      })
      return { status: response.status, text: await response.text() }
    } finally {
      around?.(false)
    }
  }
}

/** The honeypot's fields as the page wrote them (a public form posts them back). */
export function honeypotFields(html: string): Fields {
  const fields: Fields = []
  for (const [tag] of html.matchAll(/<input[^>]*name="[^"]*__confirm"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(tag)![1]!
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? ''
    fields.push([name, value.replace(/&amp;/g, '&').replace(/&quot;/g, '"')])
  }
  return fields
}
