// What travels compressed, over real HTTP through the production server (ADR 027), read as raw
// bytes (node:http, which decodes nothing): pages are gzipped as they are sent (never Brotli, which
// cost more than building the page) and decode to the page sent uncompressed; the browser's files
// are the copies compressed at build time, with Content-Encoding, Vary and their cache headers.
import { readFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { test, expect } from '@playwright/test'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const LESSON = '/es/courses/iccs/structure/the-eleven-sections'
const BROWSER = 'gzip, deflate, br'

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

function rawGet(baseURL: string, pathname: string, acceptEncoding?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      new URL(pathname, baseURL),
      { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () =>
          resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }),
        )
        response.on('error', reject)
      },
    )
    request.on('error', reject)
  })
}

/** A page without what differs between two responses: the script nonces. */
// What differs between two renders of one page: the CSP nonce, and each quiz form's one-use
// submission id (the lesson has a data exercise).
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g
const withoutNonces = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(UUID, 'uuid')

test('a page asked for as a browser asks is gzipped, and decodes to the page sent uncompressed', async ({
  baseURL,
}) => {
  for (const pathname of [LESSON, '/en']) {
    const compressed = await rawGet(baseURL!, pathname, BROWSER)
    expect(compressed.status, pathname).toBe(200)
    expect(compressed.headers['content-encoding'], pathname).toBe('gzip')
    expect(compressed.headers.vary, pathname).toMatch(/Accept-Encoding/i)
    const plain = await rawGet(baseURL!, pathname, 'identity')
    expect(plain.status, pathname).toBe(200)
    expect(plain.headers['content-encoding'], pathname).toBeUndefined()
    const decoded = gunzipSync(compressed.body).toString('utf8')
    expect(decoded.length, pathname).toBeGreaterThan(compressed.body.length * 2)
    expect(withoutNonces(decoded), pathname).toBe(withoutNonces(plain.body.toString('utf8')))
  }
  // Only gzip asked for, only gzip sent; nothing asked for, nothing compressed.
  expect((await rawGet(baseURL!, LESSON, 'gzip')).headers['content-encoding']).toBe('gzip')
  expect((await rawGet(baseURL!, LESSON)).headers['content-encoding']).toBeUndefined()
})

test("the page's scripts and style sheet are sent as the copies compressed at build time", async ({ baseURL }) => {
  const page = (await rawGet(baseURL!, LESSON, 'identity')).body.toString('utf8')
  // The style sheet's link, and the modules the page's module script imports and its manifest names.
  const assets = [...new Set([...page.matchAll(/"(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!))]
  expect(assets.some((asset) => asset.endsWith('.css'))).toBe(true)
  expect(assets.filter((asset) => asset.endsWith('.js')).length).toBeGreaterThan(2)
  for (const asset of assets) {
    const file = path.join(ROOT, 'build/client', asset)
    const original = readFileSync(file)
    const type = asset.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8'
    const plain = await rawGet(baseURL!, asset, 'identity')
    expect(plain.status, asset).toBe(200)
    expect(plain.body.equals(original), asset).toBe(true)
    if (original.length < 1024) continue
    for (const [accept, encoding, extension, decode] of [
      [BROWSER, 'br', '.br', brotliDecompressSync],
      ['gzip, deflate', 'gzip', '.gz', gunzipSync],
    ] as const) {
      const sent = await rawGet(baseURL!, asset, accept)
      expect(sent.status, asset).toBe(200)
      expect(sent.headers['content-encoding'], `${asset} ${accept}`).toBe(encoding)
      expect(sent.headers.vary, asset).toMatch(/Accept-Encoding/i)
      // The type of the file itself, not of the compressed copy.
      expect(sent.headers['content-type']?.toLowerCase(), asset).toBe(type)
      expect(sent.headers['cache-control'], asset).toBe('public, max-age=31536000, immutable')
      expect(sent.headers['x-content-type-options'], asset).toBe('nosniff')
      // The very bytes written by the build (scripts/compress-assets.mjs), not compressed per request.
      expect(sent.body.equals(readFileSync(`${file}${extension}`)), `${asset} ${encoding}`).toBe(true)
      expect(Number(sent.headers['content-length']), asset).toBe(sent.body.length)
      expect(decode(sent.body).equals(original), asset).toBe(true)
    }
  }
  // The files at the top of build/client are still served; an unknown asset is the 404 page.
  const favicon = await rawGet(baseURL!, '/favicon.svg', BROWSER)
  expect(favicon.status).toBe(200)
  expect(favicon.headers['content-type']).toMatch(/^image\/svg\+xml/)
  expect((await rawGet(baseURL!, '/assets/no-such-file.js', BROWSER)).status).toBe(404)
})
