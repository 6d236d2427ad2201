// Numbers in the reader's convention (issue 16, section 2; ADR 030), over real HTTP: the same
// Spanish lesson read by a learner in Mexico and one in Colombia (and by anonymous readers whose
// browsers say es-MX, es-AR, or nothing) shows 92.9 % or 92,9 % at the same place, while codes
// (ICCS 0101, indicator 16.1.1) are the same in both.
import { expect, test } from 'vitest'
import { serveAppForFile } from '#tests/http.ts'
import { createUser, loginCookie } from '#tests/utils.ts'

const app = serveAppForFile({ catalogue: true })

const CIFRA_NEGRA = '/es/courses/victimization-surveys/dark-figure/inegi-cifra-negra'
const ICCS_MISTAKES = '/es/courses/iccs/applying-the-iccs/common-mistakes'
const NBSP = '\u00A0'

async function page(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.origin}${path}`, { headers })
  expect(response.status).toBe(200)
  const html = await response.text()
  // The lesson's own HTML (the article), not the rest of the page.
  const start = html.indexOf('<article')
  expect(start).toBeGreaterThan(-1)
  return { html: html.slice(start, html.indexOf('</article>', start)), vary: response.headers.get('Vary') ?? '' }
}

/** Whether `b` has `inB` in the same words as `a` has `inA` (the 20 characters before, free of digits). */
function samePlace(a: string, b: string, inA: string, inB: string) {
  const at = a.indexOf(inA)
  expect(at).toBeGreaterThan(20)
  const before = a.slice(at - 20, at)
  expect(before).not.toMatch(/\d/)
  return b.includes(before + inB)
}

async function learnerIn(country: string) {
  const user = await createUser({ country, preferredLocale: 'es' })
  return { Cookie: await loginCookie(user.id) }
}

test('a learner in Mexico reads 92.9 %, one in Colombia 92,9 %, at the same place of the same lesson', async () => {
  const mexico = await page(CIFRA_NEGRA, await learnerIn('MX'))
  const colombia = await page(CIFRA_NEGRA, await learnerIn('CO'))
  expect(samePlace(mexico.html, colombia.html, `92.9${NBSP}%`, `92,9${NBSP}%`)).toBe(true)
  expect(colombia.html).not.toContain(`92.9${NBSP}%`)
  expect(mexico.html).not.toContain(`92,9${NBSP}%`)
  // Thousands and math follow too: 22,587 / 22.587, and the worked example's MathML.
  expect(mexico.html).toContain('<mn>7.072</mn>')
  expect(colombia.html).toContain('<mn>7,072</mn>')
})

test('codes are never touched: ICCS 0101 and indicator 16.1.1 read the same for both learners', async () => {
  const mexico = await page(ICCS_MISTAKES, await learnerIn('MX'))
  const colombia = await page(ICCS_MISTAKES, await learnerIn('CO'))
  const count = (html: string, text: string) => html.split(text).length - 1
  for (const code of ['0101', '16.1.1']) {
    expect(count(mexico.html, code)).toBeGreaterThan(0)
    expect(count(colombia.html, code)).toBe(count(mexico.html, code))
  }
  // The lesson's percentage is in each reader's convention, at the same place.
  const percent = /[^\d<>]{20}(\d+)\.(\d)\u00A0%/.exec(mexico.html)
  expect(percent).not.toBeNull()
  const [, whole, tenths] = percent!
  expect(samePlace(mexico.html, colombia.html, `${whole}.${tenths}${NBSP}%`, `${whole},${tenths}${NBSP}%`)).toBe(true)
})

test('anonymous readers get their browser region, else the language default; the page varies by Accept-Language', async () => {
  const mexican = await page(CIFRA_NEGRA, { 'Accept-Language': 'es-MX,es;q=0.9,en;q=0.5' })
  const argentine = await page(CIFRA_NEGRA, { 'Accept-Language': 'es-AR,es;q=0.9' })
  const nobody = await page(CIFRA_NEGRA)
  expect(mexican.html).toContain(`92.9${NBSP}%`)
  expect(argentine.html).toContain(`92,9${NBSP}%`)
  expect(samePlace(mexican.html, argentine.html, `92.9${NBSP}%`, `92,9${NBSP}%`)).toBe(true)
  expect(nobody.html).toContain(`92,9${NBSP}%`) // Spanish's default: the decimal comma
  for (const response of [mexican, argentine, nobody]) {
    expect(response.vary.toLowerCase()).toContain('accept-language')
    expect(response.vary.toLowerCase()).toContain('cookie')
  }
})

test("a signed-in learner's country wins over the browser's region", async () => {
  const headers = { ...(await learnerIn('MX')), 'Accept-Language': 'es-AR' }
  expect((await page(CIFRA_NEGRA, headers)).html).toContain(`92.9${NBSP}%`)
})
