// Bundles the HTTP server (server/index.ts and the app modules it loads itself) into
// build/server/main.js for `npm start`, so production runs plain JavaScript on Node, without a
// TypeScript loader (ADR 001). Packages stay external, loaded from node_modules as usual.
import { build } from 'esbuild'

await build({
  entryPoints: ['server/index.ts'],
  outfile: 'build/server/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [
    {
      // Node's ES module loader wants a file, not a folder: mdx-bundler's client entry is a folder.
      name: 'node-esm-entry-files',
      setup(builder) {
        builder.onResolve({ filter: /^mdx-bundler\/client$/ }, () => ({
          path: 'mdx-bundler/client/index.js',
          external: true,
        }))
      },
    },
  ],
})
