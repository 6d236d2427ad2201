// Lessons written in the browser are compiled here, never in the request's own thread: the
// check, the compiler and the pre-render (compile-worker.server.ts) run in a worker thread with a
// heap limit (resourceLimits) and a time limit, after which the worker is terminated and the
// answer is the problem "too-complex" (ADR 034 §1). One worker per process, reused, one lesson at
// a time; a few more wait in a queue and the rest are told the server is busy, so trainers
// typing in several tabs cannot exhaust a node.
//
// The worker is a file of its own: in production the bundle scripts/build-server.mjs writes
// (build/server/compile-worker.js); in development and tests the TypeScript source, loaded with
// tsx as `npm run dev` loads the server.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'
import { type CompileAnswer, type CompileJob, type WorkerReply } from './compile-worker.server.ts'

/** Wall-clock limit of one compile (the four courses' lessons take well under a second each). */
export const COMPILE_TIME_LIMIT_MS = 5_000
/** The worker's heap (old generation). */
export const COMPILE_HEAP_MB = 128
/** Compiles that may wait for the worker; more are answered "busy". */
export const MAX_QUEUED_COMPILES = 8

export type UntrustedProblemCode = 'too-complex' | 'busy'

type Waiting = {
  job: CompileJob
  timeLimitMs: number
  resolve: (answer: CompileAnswer) => void
  reject: (error: Error) => void
}

function newWorker(options: WorkerOptions): Worker {
  if (process.env.NODE_ENV === 'production') return new Worker(path.resolve('build/server/compile-worker.js'), options)
  // tsx's loader registered in the worker itself, then the TypeScript source.
  const source = pathToFileURL(path.resolve('app/content/compile-worker.server.ts')).href
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}) })`,
    { ...options, eval: true },
  )
}

let worker: { thread: Worker; ready: Promise<void> } | null = null
let running: (Waiting & { id: number; timer?: NodeJS.Timeout }) | null = null
const queue: Waiting[] = []
let nextId = 1
/** Workers terminated for running over their limits (for tests and logs). */
export const compileWorkerStats = { started: 0, terminated: 0 }

function startWorker() {
  const thread = newWorker({
    workerData: { aulaCompileWorker: true },
    resourceLimits: { maxOldGenerationSizeMb: COMPILE_HEAP_MB, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    stdout: false,
    stderr: false,
  })
  compileWorkerStats.started++
  // Why the worker stopped, for a start that fails (the 'error' event comes before 'exit').
  let failure: Error | undefined
  thread.on('error', (error) => {
    failure = error
  })
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (message: { ready?: boolean }) => {
      if (message?.ready) {
        thread.off('message', onMessage)
        resolve()
      }
    }
    thread.on('message', onMessage)
    thread.once('exit', (code) =>
      reject(new Error(`the compile worker stopped while starting (exit ${code}): ${failure?.message ?? ''}`)),
    )
  })
  // A rejected start is reported to the job waiting for it, not as an unhandled rejection.
  ready.catch(() => {})
  thread.on('message', (reply: WorkerReply) => {
    if (!running || reply.id !== running.id) return
    const done = running
    finish()
    if (reply.answer) done.resolve(reply.answer)
    else done.reject(new Error(reply.error ?? 'the compile worker failed'))
  })
  // Out of memory (ERR_WORKER_OUT_OF_MEMORY), a crash or the time limit's terminate(): the job
  // running is answered "too complex"; a new worker takes the next one.
  thread.on('exit', () => {
    if (worker?.thread === thread) worker = null
    if (running?.timer) {
      const done = running
      finish()
      done.resolve(tooComplex(done.job, done.timeLimitMs))
    }
  })
  worker = { thread, ready }
}

function tooComplex(job: CompileJob, timeLimitMs: number): CompileAnswer {
  return {
    html: null,
    problems: [
      {
        file: job.file,
        code: 'too-complex' satisfies UntrustedProblemCode,
        message: `the lesson is too complex to compile (more than ${timeLimitMs / 1000} s or ${COMPILE_HEAP_MB} MB): split it or simplify it`,
      },
    ],
  }
}

function finish() {
  if (running?.timer) clearTimeout(running.timer)
  running = null
  // An idle worker does not keep the process alive (a script that compiled a lesson can exit).
  if (!queue.length) worker?.thread.unref()
  queueMicrotask(next)
}

function next() {
  if (running || !queue.length) return
  const waiting = queue.shift()!
  const id = nextId++
  running = { ...waiting, id }
  if (!worker) startWorker()
  const current = worker!
  current.thread.ref()
  current.ready.then(
    () => {
      if (running?.id !== id) return
      running.timer = setTimeout(() => {
        if (running?.id !== id) return
        compileWorkerStats.terminated++
        // 'exit' answers the job (too complex) and starts the next one in a new worker.
        void current.thread.terminate()
      }, waiting.timeLimitMs)
      current.thread.postMessage({ id, job: waiting.job })
    },
    (error: Error) => {
      if (running?.id !== id) return
      if (worker === current) worker = null
      finish()
      waiting.reject(error)
    },
  )
}

/**
 * A lesson from the browser checked, compiled and pre-rendered in the worker: its HTML, or its
 * problems (each with its line, and a code where the check has one). Never throws for the lesson's
 * content; rejects only if the worker cannot start.
 */
export function compileUntrusted(job: CompileJob, options: { timeLimitMs?: number } = {}): Promise<CompileAnswer> {
  if (queue.length >= MAX_QUEUED_COMPILES)
    return Promise.resolve({
      html: null,
      problems: [
        {
          file: job.file,
          code: 'busy' satisfies UntrustedProblemCode,
          message: 'the server is compiling many lessons: try again in a moment',
        },
      ],
    })
  return new Promise((resolve, reject) => {
    queue.push({ job, timeLimitMs: options.timeLimitMs ?? COMPILE_TIME_LIMIT_MS, resolve, reject })
    next()
  })
}

/** Stops the worker (tests; a process that exits does not need it). */
export async function stopCompileWorker() {
  const current = worker
  worker = null
  if (current) await current.thread.terminate()
}
