// Compresses the browser's files once, at build time (ADR 027): next to each script, style sheet
// and other text file of build/client, its Brotli (.br, highest quality) and gzip (.gz, level 9)
// copies. The server sends the copy a browser accepts (express-static-gzip, server/index.ts), so no
// request pays for compressing a file that never changes. Files under 1 KB are left as they are.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const DIR = path.resolve(process.argv[2] ?? 'build/client')
const TEXT = /\.(js|mjs|css|svg|json|txt|html|xml|webmanifest)$/
const MIN_BYTES = 1024

let files = 0
let before = 0
let after = 0
for (const entry of readdirSync(DIR, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !TEXT.test(entry.name)) continue
  const file = path.join(entry.parentPath, entry.name)
  if (statSync(file).size < MIN_BYTES) continue
  const bytes = readFileSync(file)
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  })
  writeFileSync(`${file}.br`, br)
  writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }))
  files++
  before += bytes.length
  after += br.length
}
console.log(`compressed ${files} files in ${path.relative(process.cwd(), DIR)}: ${before} → ${after} bytes (br)`)
