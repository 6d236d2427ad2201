import { Transform, type TransformCallback } from 'node:stream'

/**
 * The stream a page is rendered into: what React writes in one go comes out as one chunk (ADR 027
 * §10). React writes its output in pieces of 2 KB and, at the end of each burst of work, calls
 * `flush()`. Remix's Node adapter then reads every chunk through a web stream and flushes the
 * response after each one (`writeReadableStreamToWritable`), and the compression middleware turns
 * that flush into a gzip sync flush and a socket write: a 60 KB lesson page went out in ~30 of
 * them. Chunks are held until React's `flush()` (or, should it not call one, until the microtasks of
 * the burst have run) and passed on together; what React streams later (a Suspense boundary, the
 * loader data) still goes out as soon as it is written.
 */
export class RenderStream extends Transform {
  #held: Buffer[] = []
  #scheduled = false

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.#held.push(chunk)
    if (!this.#scheduled) {
      this.#scheduled = true
      queueMicrotask(() => this.flush())
    }
    callback()
  }

  override _flush(callback: TransformCallback) {
    this.flush()
    callback()
  }

  /** Passes on what is held as one chunk (React calls this at the end of each burst). */
  flush() {
    this.#scheduled = false
    if (this.#held.length === 0) return
    const chunk = this.#held.length === 1 ? this.#held[0]! : Buffer.concat(this.#held)
    this.#held = []
    this.push(chunk)
  }
}
