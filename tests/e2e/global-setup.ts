// Runs after Playwright has started the web servers. The embedded server is let go as soon as
// it has been spawned (Playwright starts web servers one after the other), so both servers
// migrate and seed at the same time; here we wait until both answer /healthz.
import { SERVERS } from './paths.ts'

const TIMEOUT_MS = 180_000

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) })
    return response.status === 200
  } catch {
    return false
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

export default async function globalSetup() {
  // Set by playwright.config.ts's `wait.stdout` pattern for the embedded server.
  const embeddedPid = Number(process.env.AULA_E2E_EMBEDDED_PID)
  const deadline = Date.now() + TIMEOUT_MS
  for (const [name, { url }] of Object.entries(SERVERS)) {
    while (!(await healthy(url))) {
      if (name === 'embedded' && embeddedPid && !alive(embeddedPid)) {
        throw new Error('The embedded server exited during start-up: see its output above')
      }
      if (Date.now() > deadline)
        throw new Error(`The ${name} server (${url}) did not become healthy within ${TIMEOUT_MS / 1000} s`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}
