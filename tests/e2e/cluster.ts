// Several app nodes on one database, for tests/e2e/multi-node.spec.ts:
//   AppNode  one production process (build/server/main.js, as `npm start` runs it) with its own
//            home, temp and outbox folders: nodes share the PostgreSQL database and the
//            configuration, nothing else, as on separate machines behind a load balancer
//   startProxy  a round-robin HTTP proxy in front of them that strictly alternates the nodes per
//            request (so consecutive requests of one journey land on different nodes), appends
//            the client's address to X-Forwarded-For as a load balancer does, and tells the test
//            which node answered (X-Aula-Node)
//   Client   a minimal HTTP client with its own cookie jar and its own source address
//            (127.0.0.x), so a test can be "another person" to the per-IP rate limits
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export type NodeName = 'a' | 'b'

export class AppNode {
  private child: ChildProcess | null = null
  private output: string[] = []
  readonly outbox: string

  constructor(
    readonly name: NodeName,
    readonly port: number,
    readonly dir: string,
    private readonly config: Record<string, string>,
  ) {
    this.outbox = path.join(dir, 'outbox')
  }

  /** Starts the process: the shared configuration, and folders of its own. */
  start() {
    for (const folder of ['home', 'tmp', 'outbox']) mkdirSync(path.join(this.dir, folder), { recursive: true })
    const env: NodeJS.ProcessEnv = {
      // A clean environment: nothing leaks in from the test runner (DISABLE_RATE_LIMITS, …).
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: path.join(this.dir, 'home'),
      TMPDIR: path.join(this.dir, 'tmp'),
      ...this.config,
      NODE_ENV: 'production' as const,
      PORT: String(this.port),
      OUTBOX_DIR: this.outbox,
    }
    this.output = []
    const child = spawn(process.execPath, ['--enable-source-maps', 'build/server/main.js'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString())
      if (this.output.length > 400) this.output.splice(0, this.output.length - 400)
    }
    child.stdout!.on('data', keep)
    child.stderr!.on('data', keep)
    this.child = child
  }

  /** What the process printed (its last few hundred chunks), for failure messages. */
  log(): string {
    return `--- node ${this.name} (port ${this.port}) ---\n${this.output.join('')}`
  }

  /** Waits until the node itself (not through the proxy) answers /healthz with 200. */
  async ready(timeoutMs: number) {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (this.child?.exitCode !== null)
        throw new Error(`node ${this.name} exited during start-up (code ${this.child?.exitCode})\n${this.log()}`)
      try {
        const response = await fetch(`http://127.0.0.1:${this.port}/healthz`, { signal: AbortSignal.timeout(5_000) })
        if (response.status === 200) return
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(`node ${this.name} not healthy within ${timeoutMs / 1000} s\n${this.log()}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }

  /** SIGTERM, as a load balancer's orchestrator stops a node; SIGKILL if it hangs. Returns the exit code. */
  async stop(): Promise<number | null> {
    const child = this.child
    if (!child) return null
    this.child = null
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    const code = await exited
    clearTimeout(timer)
    return code
  }
}

export type Mail = {
  from: string
  to: string
  subject: string
  text: string
  html: string
  date: string
  node: NodeName
}

/** Every mail the nodes wrote to their outbox folders (no SMTP_URL), each tagged with its node. */
export function outboxMails(nodes: AppNode[]): Mail[] {
  const mails: Mail[] = []
  for (const node of nodes) {
    const names = readdirSync(node.outbox)
      .filter((name) => name.endsWith('.json'))
      .sort()
    for (const name of names) {
      try {
        mails.push({
          ...(JSON.parse(readFileSync(path.join(node.outbox, name), 'utf8')) as Omit<Mail, 'node'>),
          node: node.name,
        })
      } catch {
        // still being written; the next look finds it
      }
    }
  }
  return mails
}

/** Waits until `find` matches at least one mail in the outboxes; returns the matches. */
export async function waitForMails(
  nodes: AppNode[],
  find: (mail: Mail) => boolean,
  { timeout = 15_000, count = 1 } = {},
): Promise<Mail[]> {
  const deadline = Date.now() + timeout
  for (;;) {
    const found = outboxMails(nodes).filter(find)
    if (found.length >= count) return found
    if (Date.now() > deadline)
      throw new Error(`${found.length} of ${count} expected mails in the outboxes within ${timeout} ms`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

export type ProxyEntry = { node: NodeName; method: string; path: string; status: number }
export type Proxy = { url: string; log: ProxyEntry[]; close: () => Promise<void> }

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']

/** The round-robin proxy: request n goes to nodes[n % nodes.length]. */
export async function startProxy(port: number, nodes: AppNode[]): Promise<Proxy> {
  const log: ProxyEntry[] = []
  let next = 0
  const server = http.createServer((req, res) => {
    const node = nodes[next++ % nodes.length]!
    const client = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '')
    const headers = { ...req.headers }
    for (const name of HOP_BY_HOP) delete headers[name]
    // As nginx's $proxy_add_x_forwarded_for: whatever the client sent, then the address we saw.
    headers['x-forwarded-for'] = req.headers['x-forwarded-for']
      ? `${req.headers['x-forwarded-for']}, ${client}`
      : client
    headers['x-forwarded-proto'] = 'http'
    const upstream = http.request(
      { host: '127.0.0.1', port: node.port, method: req.method, path: req.url, headers },
      (answer) => {
        const out: http.OutgoingHttpHeaders = { ...answer.headers, 'x-aula-node': node.name }
        for (const name of HOP_BY_HOP) delete out[name]
        log.push({ node: node.name, method: req.method ?? '', path: req.url ?? '', status: answer.statusCode ?? 0 })
        res.writeHead(answer.statusCode ?? 502, out)
        answer.pipe(res)
      },
    )
    upstream.on('error', (error) => {
      log.push({ node: node.name, method: req.method ?? '', path: req.url ?? '', status: 502 })
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain', 'x-aula-node': node.name })
      res.end(`proxy: node ${node.name} did not answer: ${error.message}`)
    })
    req.pipe(upstream)
  })
  // No host: dual-stack, so "localhost" works whether it resolves to 127.0.0.1 or ::1.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, () => resolve())
  })
  return {
    url: `http://localhost:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export type Reply = {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
  text: string
  node: NodeName
  location: string | undefined
}

/**
 * An HTTP client for the proxy, like a browser without JavaScript: its own cookie jar, the
 * site's Origin on every POST, and its own source address (127.0.0.x) if given.
 */
export class Client {
  private readonly cookies = new Map<string, string>()
  private readonly origin: URL

  constructor(
    base: string,
    private readonly localAddress?: string,
  ) {
    this.origin = new URL(base)
  }

  get(pathname: string, headers: Record<string, string> = {}) {
    return this.send('GET', pathname, undefined, headers)
  }

  /** A form post (application/x-www-form-urlencoded, repeated names allowed). */
  post(pathname: string, form: URLSearchParams | Record<string, string>, headers: Record<string, string> = {}) {
    const params = form instanceof URLSearchParams ? form : new URLSearchParams(form)
    return this.send(
      'POST',
      pathname,
      { type: 'application/x-www-form-urlencoded', bytes: Buffer.from(params.toString()) },
      headers,
    )
  }

  /** A multipart post (a file upload), encoded the way a browser does. */
  async postMultipart(pathname: string, form: FormData) {
    const encoded = new Request('http://encoder.invalid/', { method: 'POST', body: form })
    const bytes = Buffer.from(await encoded.arrayBuffer())
    return this.send('POST', pathname, { type: encoded.headers.get('content-type')!, bytes })
  }

  /** A raw body (a webhook delivery). */
  postRaw(pathname: string, body: string, headers: Record<string, string>) {
    return this.send(
      'POST',
      pathname,
      { type: headers['content-type'] ?? 'application/octet-stream', bytes: Buffer.from(body) },
      headers,
    )
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name)
  }

  private send(
    method: string,
    pathname: string,
    body: { type: string; bytes: Buffer } | undefined,
    extra: Record<string, string> = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = {
      host: this.origin.host,
      'accept-language': 'en',
      'user-agent': 'aula-multi-node-test',
      ...extra,
    }
    const jar = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    if (jar) headers.cookie = jar
    if (body) {
      headers['content-type'] = body.type
      headers['content-length'] = String(body.bytes.length)
      headers.origin ??= this.origin.origin
    }
    return new Promise<Reply>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: Number(this.origin.port),
          method,
          path: pathname,
          headers,
          localAddress: this.localAddress,
          agent: false,
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('error', reject)
          response.on('end', () => {
            for (const line of response.headers['set-cookie'] ?? []) {
              const [pair = '', ...attributes] = line.split(';').map((part) => part.trim())
              const at = pair.indexOf('=')
              const name = pair.slice(0, at)
              const value = pair.slice(at + 1)
              const expired = attributes.some(
                (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()),
              )
              if (!value || expired) this.cookies.delete(name)
              else this.cookies.set(name, value)
            }
            const bytes = Buffer.concat(chunks)
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: bytes,
              text: bytes.toString('utf8'),
              node: response.headers['x-aula-node'] as NodeName,
              location: response.headers.location,
            })
          })
        },
      )
      request.on('error', reject)
      request.end(body?.bytes)
    })
  }
}

function decodeEntities(value: string): string {
  return value.replace(
    /&(amp|lt|gt|quot|#x27|#39);/g,
    (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'" })[name]!,
  )
}

/**
 * The fields the form `formId` sends without the user typing them: its hidden inputs and the
 * honeypot's empty text field (tabindex -1). Rendered by one node, checked by another.
 */
export function hiddenFields(html: string, formId: string): Record<string, string> {
  const form = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].find(([, attributes]) =>
    attributes!.includes(`id="${formId}"`),
  )
  if (!form) throw new Error(`no form #${formId} on the page`)
  const fields: Record<string, string> = {}
  for (const [tag] of form[2]!.matchAll(/<input\b[^>]*>/g)) {
    const attribute = (name: string) => decodeEntities(new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? '')
    const name = attribute('name')
    if (!name) continue
    if (attribute('type') === 'hidden' || attribute('tabindex') === '-1') fields[name] = attribute('value')
  }
  return fields
}
