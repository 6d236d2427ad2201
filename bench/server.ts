// What the benchmarks share: waiting for a server to answer, signing in as the demo learner, and
// the headers a browser sends.
import { type ChildProcess } from 'node:child_process'

export function waitForServer(url: string, child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 120_000
    const tick = async () => {
      if (child.exitCode !== null) return reject(new Error('the server exited during start-up'))
      try {
        if ((await fetch(url)).ok) return resolve()
      } catch {}
      if (Date.now() > deadline) return reject(new Error('the server did not start'))
      setTimeout(tick, 300)
    }
    void tick()
  })
}

/** Logs in over HTTP as the seeded demo learner; the session cookie as `aula_session=…`. */
export async function logInDemoLearner(base: string): Promise<string> {
  // The log-in form carries a honeypot (app/utils/honeypot.server.ts): post the fields its page renders.
  const page = await (await fetch(`${base}/en/login`)).text()
  const stamp = /name="from__confirm" value="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&')
  if (!stamp) throw new Error('the log-in page rendered no honeypot time stamp')
  const login = await fetch(`${base}/en/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({
      email: 'learner@aula.example',
      password: 'aula-demo-2026',
      name__confirm: '',
      from__confirm: stamp,
    }),
  })
  const cookie = login.headers.get('set-cookie')?.split(';')[0]
  if (!cookie?.startsWith('aula_session=')) throw new Error(`log in failed (${login.status})`)
  return cookie
}

/** What a browser sends with every page request (and the session cookie when signed in). */
export function browserHeaders(cookie?: string): Record<string, string> {
  return {
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'accept-encoding': 'gzip, deflate, br',
    'accept-language': 'en',
    ...(cookie ? { cookie } : {}),
  }
}
