// npm run courses:build | courses:check | courses:new | courses:import | courses:rollback | courses:export
//   build     compile every course into content-build/ (cached by content hash; prints progress)
//   check     report every problem in every course, with file and line; exit 1 if any
//   new       scaffold a course, module or lesson in both languages
//   import    build, then publish a new version of every course whose files changed (ADR 034 §2)
//   rollback  <course> <number>: make an earlier (or later) version the published one
//   export    <course> [--version N] [--out dir]: write a version's files (default: the current one, into courses/<course>)
// import, rollback and export use DATABASE_URL, or the embedded database when it is unset.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import '#server/load-env.ts'
import { buildContent } from '#app/content/build.server.ts'
import { type Problem } from '#app/content/load.server.ts'
import { scaffold } from '#app/content/scaffold.server.ts'
import { withDatabase } from '#server/with-database.ts'

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
    case 'import': {
      const outDir = path.resolve(ROOT, process.env.CONTENT_BUILD_DIR ?? 'content-build')
      const result = await buildContent({ root: coursesDir, outDir, onProgress: progress })
      if (process.stdout.isTTY) process.stdout.write('\n')
      for (const p of result.problems) console.error(`${where(p)}: ${p.message}`)
      const refused = await withDatabase(async () => {
        const { prisma, disconnectDatabase } = await import('#app/utils/db.server.ts')
        const { importCourses } = await import('#app/content/versions.server.ts')
        try {
          const report = await importCourses(prisma, {
            manifest: result.manifest,
            coursesDir,
            contentBuildDir: outDir,
            problems: result.problems,
          })
          for (const r of report.created) {
            console.log(`${r.courseId}: version ${r.number} published${r.previous ? ` (was ${r.previous})` : ''}`)
            if (r.droppedWithLearnerData.length)
              console.warn(
                `${r.courseId}: warning: learners have progress or attempts on what version ${r.number} drops: ${r.droppedWithLearnerData.join(', ')}`,
              )
          }
          for (const r of report.unchanged) console.log(`${r.courseId}: unchanged (version ${r.number})`)
          for (const r of report.refused) console.error(r.message)
          return report.refused.length
        } finally {
          await disconnectDatabase()
        }
      })
      if (refused) process.exit(1)
      return
    }
    case 'rollback': {
      const [course, number] = args
      if (!course || !number || !/^[1-9][0-9]*$/.test(number))
        throw new Error('Usage: npm run courses:rollback -- <course> <version number>')
      await withDatabase(async () => {
        const { prisma, disconnectDatabase } = await import('#app/utils/db.server.ts')
        const { rollbackCourse } = await import('#app/content/versions.server.ts')
        try {
          const r = await rollbackCourse(prisma, { courseId: course, number: Number(number) })
          console.log(
            r.changed
              ? `${course}: version ${r.to} published (was ${r.from})`
              : `${course}: version ${r.to} already published`,
          )
          if (r.droppedWithLearnerData.length)
            console.warn(
              `${course}: warning: learners have progress or attempts on what version ${r.to} lacks: ${r.droppedWithLearnerData.join(', ')}`,
            )
        } finally {
          await disconnectDatabase()
        }
      })
      return
    }
    case 'export': {
      const [course, ...rest] = args
      const flag = (name: string) => {
        const i = rest.indexOf(name)
        return i >= 0 ? rest[i + 1] : undefined
      }
      const version = flag('--version')
      if (!course || (version !== undefined && !/^[1-9][0-9]*$/.test(version)))
        throw new Error('Usage: npm run courses:export -- <course> [--version N] [--out dir]')
      const out = path.resolve(flag('--out') ?? path.join(coursesDir, course))
      await withDatabase(async () => {
        const { prisma, disconnectDatabase } = await import('#app/utils/db.server.ts')
        const { exportCourse } = await import('#app/content/versions.server.ts')
        try {
          const r = await exportCourse(prisma, {
            courseId: course,
            number: version ? Number(version) : undefined,
            outDir: out,
          })
          console.log(`${course}: version ${r.number} written to ${out} (${r.files} files)`)
        } finally {
          await disconnectDatabase()
        }
      })
      return
    }
    default:
      throw new Error(
        'Usage: tsx scripts/content.ts build | check [folder] | new <course> [<module> [<lesson>]] | import | rollback <course> <number> | export <course> [--version N] [--out dir]',
      )
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
