// Bundles the HTTP server (server/index.ts and the app modules it loads itself) into
// build/server/main.js for `npm start`, so production runs plain JavaScript on Node, without a
// TypeScript loader (ADR 001). Packages stay external, loaded from node_modules as usual.
// SERVER_OUTDIR writes the bundles elsewhere (server/build-server.test.ts).
import { rmSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import { renderId } from '../app/content/render-id.mjs'

const outdir = process.env.SERVER_OUTDIR ?? 'build/server'

// Chunk names carry hashes: an earlier build's chunks would stay beside the new ones.
rmSync(path.join(outdir, 'chunks'), { recursive: true, force: true })

// Node's ES module loader wants a file, not a folder: mdx-bundler's client entry is a folder.
const nodeEsmEntryFiles = {
  name: 'node-esm-entry-files',
  setup(builder) {
    builder.onResolve({ filter: /^mdx-bundler\/client$/ }, () => ({
      path: 'mdx-bundler/client/index.js',
      external: true,
    }))
  },
}

const common = {
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [nodeEsmEntryFiles],
  // The lesson renderer's id (part of every compiled lesson's cache key), computed now from the
  // sources it covers: the production image has no app/ folder to read them from at run time.
  define: { AULA_RENDER_ID: JSON.stringify(renderId(process.cwd())) },
}

await build({
  ...common,
  entryPoints: { main: 'server/index.ts' },
  // What server/index.ts imports with `await import()` stays a separate chunk, loaded only by the
  // process that needs it: the course compiler (mdx-bundler, remark, KaTeX) and Vite only in
  // development, the offline Stripe (MSW) only when payments are offline, the job runner only in
  // the primary. Bundled into one file, every process loaded all of them at start.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
})

// The Studio's compile worker (app/content/compile-untrusted.server.ts starts it as a worker
// thread): one file of its own, beside main.js, so the paths it reads relative to itself
// (node_modules) resolve as from the sources. The Studio's publish job (app/studio/publish.server.ts)
// builds a whole course with the same compiler: its own file too, loaded by the job runner when a
// publish runs (runner.server.ts).
await build({
  ...common,
  entryPoints: {
    'compile-worker': 'app/content/compile-worker.server.ts',
    'studio-publish': 'app/studio/publish.server.ts',
  },
})
