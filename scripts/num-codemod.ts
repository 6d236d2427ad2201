// npm run courses:numbers [-- folder] [--dry-run]
// Rewrites hand-formatted quantities in lessons (NN-slug.en.mdx / .es.mdx) and quiz files
// (quizzes/*.yaml) as number markup, <Num value="92.9" unit="%" />, so each reader sees them in their
// own convention (ADR 030, docs/course-format.md "Numbers"). It rewrites exactly what courses:check
// reports as a hand-formatted quantity (app/content/quantities.ts), and nothing else: codes (0101,
// 16.1.1, X85), years, citations and page numbers are not quantities. Safe to re-run: converted text is
// markup, which it skips. Review the diff (git diff --word-diff) before committing.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { convertLesson } from '#app/content/quantities.ts'
import { convertQuizYaml } from '#app/content/quiz-quantities.server.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return name === 'assets' || name === 'datasets' ? [] : files(full)
    return /\.(en|es)\.mdx$/.test(name) || (path.basename(dir) === 'quizzes' && name.endsWith('.yaml')) ? [full] : []
  })
}

const args = process.argv.slice(2)
const dryRun = args.includes('--dry-run')
const root = path.resolve(ROOT, args.find((a) => !a.startsWith('--')) ?? process.env.COURSES_DIR ?? 'courses')
let total = 0
let changed = 0
let skippedTotal = 0
for (const file of files(root)) {
  const text = readFileSync(file, 'utf8')
  const rel = path.relative(process.cwd(), file)
  let out: string
  let count: number
  if (file.endsWith('.yaml')) {
    const result = convertQuizYaml(text)
    out = result.text
    count = result.count
    for (const s of result.skipped)
      console.log(
        `${rel}:${s.line}: left "${s.quantity.text}" (its YAML source is escaped or folded): convert it by hand`,
      )
    skippedTotal += result.skipped.length
  } else {
    const lang = file.endsWith('.es.mdx') ? 'es' : 'en'
    ;({ source: out, count } = convertLesson(text, lang))
  }
  if (!count) continue
  total += count
  changed++
  console.log(`${rel}: ${count} quantit${count === 1 ? 'y' : 'ies'}`)
  if (!dryRun) writeFileSync(file, out)
}
console.log(
  `${dryRun ? 'Would convert' : 'Converted'} ${total} quantities in ${changed} files${skippedTotal ? `; ${skippedTotal} left for you` : ''}.`,
)
