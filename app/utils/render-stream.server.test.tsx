import { setImmediate as nextTurn } from 'node:timers/promises'
import { Suspense } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { RenderStream } from './render-stream.server.ts'

function collect(stream: RenderStream) {
  const chunks: string[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()))
  return chunks
}

describe('RenderStream', () => {
  test('what is written in one go comes out as one chunk; a later write as another', async () => {
    const stream = new RenderStream()
    const chunks = collect(stream)
    stream.write('<html>')
    stream.write('<body>')
    stream.write('<p>a</p>')
    await nextTurn()
    expect(chunks).toEqual(['<html><body><p>a</p>'])
    stream.write('<p>b</p>')
    stream.flush() // React's call at the end of a burst: passed on at once
    expect(chunks).toEqual(['<html><body><p>a</p>', '<p>b</p>'])
    stream.write('</body>')
    stream.end('</html>')
    await new Promise((resolve) => stream.on('end', resolve))
    expect(chunks.join('')).toBe('<html><body><p>a</p><p>b</p></body></html>')
  })

  test('a React page in a few chunks, the streamed boundary after the shell', async () => {
    let value: string | null = null
    let resolve!: () => void
    const later = new Promise<void>((r) => (resolve = r))
    // Suspends until the data is there (React 18 has no use()).
    function Later() {
      if (value === null) throw later
      return <p>{value}</p>
    }
    // A page larger than React's 2 KB pieces, and a boundary that resolves after the shell.
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ')
    const stream = new RenderStream()
    const chunks = collect(stream)
    const ended = new Promise((r) => stream.on('end', r))
    await new Promise<void>((shellReady) => {
      const { pipe } = renderToPipeableStream(
        <html>
          <body>
            <article>{words}</article>
            <Suspense fallback={<p>loading</p>}>
              <Later />
            </Suspense>
          </body>
        </html>,
        {
          onShellReady() {
            pipe(stream)
            shellReady()
          },
        },
      )
    })
    await nextTurn()
    // The shell (over 16 KB, eight or more of React's pieces) as one chunk, before the boundary.
    expect(chunks).toHaveLength(1)
    expect(chunks[0]).toContain('word1999')
    expect(chunks[0]).not.toContain('the data')
    value = 'the data'
    resolve()
    await ended
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks.length).toBeLessThanOrEqual(3)
    expect(chunks.join('')).toContain('the data')
  })
})
