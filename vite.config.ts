import { vitePlugin as remix } from '@remix-run/dev'
import tailwindcss from '@tailwindcss/vite'
import path from 'node:path'
import { defineConfig } from 'vite'
import remixConfig from './remix.config.js'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  cacheDir: process.env.AULA_VITE_CACHE_DIR ?? 'node_modules/.vite',
  build: { target: 'es2022', cssMinify: true, sourcemap: false },
  server: {
    // courses/ and content-build/ are the course watcher's (server/index.ts): it rebuilds the lesson,
    // syncs the catalogue, then reloads the open page. Watched by Vite too, a saved lesson reloaded
    // the page at once, before the rebuild (Tailwind's scan of the .mdx file, and Vite's reload for
    // any changed .html file): the page came back with the old text. The trade-off: a Tailwind class
    // used only in a lesson's MDX appears in development after a restart (the build scans it).
    watch: {
      ignored: [
        '**/data/**',
        '**/playwright-report/**',
        '**/test-results/**',
        `${path.resolve(process.env.COURSES_DIR ?? 'courses')}/**`,
        `${path.resolve(process.env.CONTENT_BUILD_DIR ?? 'content-build')}/**`,
      ],
    },
    // The browser's live-reload socket (Vite's default 24678): AULA_HMR_PORT runs two dev servers side by side.
    hmr: { port: Number(process.env.AULA_HMR_PORT) || undefined },
  },
  // Development only: the browser's dependencies, bundled once when the server starts, and no others
  // ever (ADR 016). On every page request Remix's dev server inlines the route's CSS by walking the
  // route's server-side imports through Vite's shared module graph, which resolves each of them for
  // the browser too; with discovery on, every server package met that way (prisma, stripe, pdf-lib,
  // nodemailer, pino, ...) was taken for a new browser dependency, so the first visits re-bundled the
  // browser's dependencies and reloaded the open pages, which then mixed modules of two bundles:
  // two copies of React, "Invalid hook call", a 500 or an "Application Error". Remix adds React,
  // react-dom/client and @remix-run/react, and dedupes React, itself. A package that browser code
  // starts to import must be added here; tests/e2e/dev-server.spec.ts opens every page on a clean
  // cache and fails on the errors a missing one causes.
  optimizeDeps: {
    noDiscovery: true,
    include: [
      '@codemirror/commands',
      '@codemirror/lang-markdown',
      '@codemirror/language',
      '@codemirror/lint',
      '@codemirror/state',
      '@codemirror/view',
      '@conform-to/react',
      '@conform-to/zod',
      'i18next',
      'react-i18next',
      'zod',
    ],
  },
  plugins: [tailwindcss(), remix(remixConfig)],
})
