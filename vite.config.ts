import { vitePlugin as remix } from '@remix-run/dev'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'
import remixConfig from './remix.config.js'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  build: { target: 'es2022', cssMinify: true, sourcemap: false },
  server: { watch: { ignored: ['**/data/**', '**/playwright-report/**', '**/test-results/**'] } },
  plugins: [tailwindcss(), remix(remixConfig)],
})
