import { expect, test, vi } from 'vitest'
import { runWithRequestCache } from './request-cache.server.ts'
import { getSessionId, sessionCookie } from './session.server.ts'

const page = (cookie: string) => new Request('http://localhost/en', { headers: { Cookie: cookie } })
const cookieFor = async (id: string) => (await sessionCookie().serialize(id)).split(';')[0]!

test("a request's session cookie is verified once, however many times the request asks", async () => {
  const first = await cookieFor('session-1')
  const second = await cookieFor('session-2')
  const parse = vi.spyOn(sessionCookie(), 'parse')
  await runWithRequestCache(async () => {
    const request = page(first)
    // The page's headers, the root's loader and the page's loader (each its own Request object).
    expect(await Promise.all([getSessionId(request), getSessionId(request), getSessionId(page(first))])).toEqual([
      'session-1',
      'session-1',
      'session-1',
    ])
    expect(parse).toHaveBeenCalledTimes(1)
    // Another cookie is checked on its own.
    expect(await getSessionId(page(second))).toBe('session-2')
    expect(parse).toHaveBeenCalledTimes(2)
  })
  // Outside an HTTP request (a script): checked every time.
  await getSessionId(page(first))
  await getSessionId(page(first))
  expect(parse).toHaveBeenCalledTimes(4)
})

test('a cookie whose signature does not verify carries no session, in a request or not', async () => {
  const cookie = await cookieFor('session-1')
  // The signature's last character changed.
  const forged = cookie.slice(0, -1) + (cookie.endsWith('A') ? 'B' : 'A')
  expect(await getSessionId(page(forged))).toBeNull()
  expect(await runWithRequestCache(() => getSessionId(page(forged)))).toBeNull()
  expect(await getSessionId(page('aula_session=unsigned'))).toBeNull()
})
