// The lasting probe of issue 14, its forms' half (the query half is fuzz-queries.test.ts; the corpus
// and the client are shared, tests/fuzz.ts): every field of every form of tests/routes.ts, over real
// HTTP, as each role, given the corpus of bad values, each field in turn replaced in the inventory's
// well-formed form. No answer may be a 5xx, and a request that is refused (4xx) leaves every table
// as it was.
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { BAD, type Bad, encoded, type Found, fuzzClient, honeypotFields, SPOT_CHECK } from '#tests/fuzz.ts'
import { startAppServer, type AppServer } from '#tests/http.ts'
import { actionRoutes, ROLES, routeFiles, type RouteWorld, setUpRoutes } from '#tests/routes.ts'
import { databaseFingerprint } from '#tests/utils.ts'

vi.hoisted(() => {
  process.env.STRIPE_OFFLINE = 'true'
})

let app: AppServer
let world: RouteWorld
const send = fuzzClient(
  () => app,
  () => world,
)
const found: Found = { queries: 0, fields: 0, requests: 0, accepted: 0, serverErrors: [] }

beforeAll(async () => {
  app = await startAppServer()
  world = await setUpRoutes()
}, 180_000)

afterAll(async () => {
  console.info(
    `fuzz (forms): ${actionRoutes.length} forms of ${routeFiles.length} routes, ${found.fields} form fields, ` +
      `${found.requests} requests, ${found.accepted} accepted as valid, ${found.serverErrors.length} 5xx`,
  )
  await app?.close()
})

test('every action route has a form in tests/routes.ts', () => {
  expect(actionRoutes.length).toBeGreaterThan(20)
  expect(actionRoutes.filter((file) => !(file in world.forms))).toEqual([])
})

// The log-out form ends the session of every role that posts to it: it goes last, so the forms
// after it in the alphabet (the Studio's) are still posted by a signed-in user.
const LOG_OUT = '$lang.logout.tsx'
for (const file of [...actionRoutes.filter((f) => f !== LOG_OUT), ...actionRoutes.filter((f) => f === LOG_OUT)]) {
  test(`${file}: bad values in every field of its form, as each role: no 5xx, a refusal changes nothing`, async () => {
    const fixture = world.forms[file]!
    if (fixture.machine)
      return expect((await send(fixture.who, fixture.path(), { method: 'POST', body: 'id=%00' })).status).toBe(400)
    const page = fixture.path()
    for (const who of ROLES) {
      const fields = fixture.form()
      // The user of the form gets every field fuzzed; the others, every field at once (their guard answers).
      const rounds: Array<{ label: string; body: (bad: Bad) => string }> =
        who === fixture.who
          ? fields.map(([name], index) => ({
              label: name,
              body: (bad) =>
                [
                  ...fields
                    .filter((_, i) => i !== index)
                    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
                  ...encoded(name, bad),
                ].join('&'),
            }))
          : [{ label: 'every field', body: (bad) => fields.flatMap(([name]) => encoded(name, bad)).join('&') }]
      if (who === fixture.who) found.fields += fields.length
      // The page once first, as a reader opens it before posting its form: a first view may record
      // something (the lesson page's "Resume"), and a refused post shows the page again. A public form
      // carries its honeypot as the page wrote it.
      const viewed = await send(who, page)
      const honeypot = fixture.honeypot ? honeypotFields(viewed.text) : []
      // The database as the last check left it: a round that changed nothing leaves it as the next
      // round's starting point, so each round costs one fingerprint (not one before and one after).
      let before = await databaseFingerprint()
      for (const round of rounds) {
        const label = (bad: Bad) => `POST ${page} ${round.label}= ${bad.label}, as ${who}`
        for (const bad of who === fixture.who ? BAD : SPOT_CHECK) {
          const body = [
            round.body(bad),
            ...honeypot.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
          ].join('&')
          const { status } = await send(who, page, { method: 'POST', body })
          found.requests++
          if (status >= 500) found.serverErrors.push(`${label(bad)}: ${status}`)
          expect(status, label(bad)).toBeLessThan(500)
          if (status >= 400) continue
          // Accepted as valid (an organisation may be called "-1"): it may change the database; the
          // refusals after it are checked against what it left.
          found.accepted++
          before = await databaseFingerprint()
        }
        const after = await databaseFingerprint()
        const changed = Object.keys(after).filter((table) => after[table] !== before[table])
        expect(changed, `POST ${page} ${round.label}: a refusal changed these tables`).toEqual([])
      }
    }
  }, 120_000)
}
