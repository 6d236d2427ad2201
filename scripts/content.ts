// npm run courses:build | courses:check | courses:new
//   build  compile every course into content-build/ (cached by content hash; prints progress)
//   check  report every problem in every course, with file and line; exit 1 if any
//   new    scaffold a course, module or lesson in both languages
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildContent } from '#app/content/build.server.ts'
import { type Problem } from '#app/content/load.server.ts'
import { scaffold } from '#app/content/scaffold.server.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const where = (p: Problem) => `${p.file}${p.line ? `:${p.line}` : ''}`

function progress(done: number, total: number, file: string) {
  if (process.stdout.isTTY) process.stdout.write(`\r  ${done}/${total} ${file}`.padEnd(100).slice(0, 100))
  else if (done === total || done % 10 === 0) console.log(`  ${done}/${total} lessons`)
}

async function main() {
  const [command, ...args] = process.argv.slice(2)
  const coursesDir = path.resolve(ROOT, process.env.COURSES_DIR ?? 'courses')
  switch (command) {
    case 'build': {
      const started = Date.now()
      const result = await buildContent({
        root: coursesDir,
        outDir: path.resolve(ROOT, process.env.CONTENT_BUILD_DIR ?? 'content-build'),
        onProgress: progress,
      })
      if (process.stdout.isTTY) process.stdout.write('\n')
      for (const p of result.warnings) console.warn(`${where(p)}: warning: ${p.message}`)
      for (const p of result.problems) console.error(`${where(p)}: ${p.message}`)
      console.log(
        `Courses built: ${result.manifest.courses.length} courses, ${result.compiled} lessons compiled, ${result.cached} from cache, in ${Date.now() - started} ms${result.charts ? ` (${result.charts} charts drawn in ${Math.round(result.chartMs)} ms)` : ''}`,
      )
      if (result.problems.length) {
        console.error(`${result.problems.length} problem(s): run npm run courses:check`)
        process.exit(1)
      }
      return
    }
    case 'check': {
      const root = args[0] ? path.resolve(args[0]) : coursesDir
      const result = await buildContent({ root, outDir: '', write: false })
      // Warnings (a missing translation: the lesson is published in the language it has) do not fail.
      for (const p of result.warnings) console.log(`${where(p)}: warning: ${p.message}`)
      for (const p of result.problems) console.log(`${where(p)}: ${p.message}`)
      const lessons = result.manifest.courses.reduce(
        (n, c) => n + c.modules.reduce((m, mod) => m + mod.lessons.length, 0),
        0,
      )
      if (result.problems.length) {
        console.log(`\n${result.problems.length} problem(s) in ${path.relative(process.cwd(), root) || '.'}`)
        process.exit(1)
      }
      const untranslated = result.manifest.courses.reduce(
        (n, c) => n + c.modules.reduce((m, mod) => m + mod.lessons.filter((l) => l.missing).length, 0),
        0,
      )
      console.log(
        untranslated
          ? `No problems: ${result.manifest.courses.length} courses, ${lessons} lessons; ${untranslated} not yet in both languages (${result.warnings.length} warning(s)).`
          : `No problems: ${result.manifest.courses.length} courses, ${lessons} lessons, each in English and Spanish.`,
      )
      return
    }
    case 'new': {
      const message = scaffold(coursesDir, args)
      console.log(message)
      return
    }
    default:
      throw new Error('Usage: tsx scripts/content.ts build | check [folder] | new <course> [<module> [<lesson>]]')
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
