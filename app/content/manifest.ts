// The shape of content-build/manifest.json (written by build.server.ts, read by the server).
import { type NumberConvention } from '#app/quizzes/numbers.ts'
import { type Lang } from '#app/utils/i18n.ts'
import { type Bilingual, type DatasetFile, type Glossary, type QuizFile } from './schema.ts'

export type ManifestLessonLocale = {
  title: string
  summary: string
  minutes: number
  /** File name, in content-build/lessons/, of the lesson pre-rendered to HTML. */
  html: string
  /**
   * Only for a lesson with quantities (ADR 030): its HTML file per number convention (`html` is the
   * language default's). The lesson page picks the reader's (lessonHtmlFile in catalog.server.ts).
   */
  htmlByConvention?: Record<NumberConvention, string>
  quizIds: string[]
  keyTerms: string[]
}

export type ManifestLesson = {
  id: string
  slug: string
  locales: Record<Lang, ManifestLessonLocale>
  /**
   * The language this lesson has no file in yet (a missing translation, ADR 029). Its entry in
   * `locales` then holds the other language's lesson, so the lesson stays in the course in both
   * languages; pages say so and mark that text with the language it is in (`contentLang`).
   */
  missing?: Lang
}

/** The language a lesson's text for `lang` is written in: `lang`, or the other one when it is missing. */
export function contentLang(lesson: Pick<ManifestLesson, 'missing'>, lang: Lang): Lang {
  return lesson.missing === lang ? (lang === 'en' ? 'es' : 'en') : lang
}
export type ManifestModule = { slug: string; title: Bilingual; summary: Bilingual; lessons: ManifestLesson[] }

export type ManifestCourse = {
  id: string
  status: 'draft' | 'published'
  level: 'introductory' | 'intermediate' | 'advanced'
  hours: number
  priceCents: number
  currency: string
  topics: string[]
  trainers: string[]
  /** approval: certificates wait for an administrator instead of being issued at once. */
  certificate: { allLessons: boolean; quizzes: string[]; approval: boolean }
  title: Bilingual
  summary: Bilingual
  outcomes: { en: string[]; es: string[] }
  glossary: Glossary
  /** Answer keys included: the manifest never leaves the server. */
  quizzes: Record<string, QuizFile>
  /** Practice data learners may download (app/content/datasets.server.ts). */
  datasets: Record<string, ManifestDataset>
  modules: ManifestModule[]
  contentHash: string
}

export type Manifest = { version: 1; compiler: string; builtAt: string; courses: ManifestCourse[] }

/** A cell of a dataset: a number for integer, number and year columns, text otherwise; null if empty. */
export type DatasetValue = string | number | null
/** A course's dataset (datasets/<id>.yaml and .csv), rows in the order of `columns`. */
export type ManifestDataset = DatasetFile & { rows: DatasetValue[][] }
