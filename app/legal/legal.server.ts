// The operator's legal pages (ADR 024): who runs this Aula, how to reach them, and the privacy
// notice, terms of use (with their versions), help page and accessibility statement in both
// languages. Configured by the operator like
// the certificate issuer: config/legal by default, or the folder LEGAL_CONFIG_DIR names. Read and
// rendered once per process; a missing or invalid file stops the start with its name.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { micromark } from 'micromark'
import { parse } from 'yaml'
import { z } from 'zod'
import { env } from '#app/utils/env.server.ts'
import { LANGS, type Lang } from '#app/utils/i18n.ts'

const Bilingual = z.object({ en: z.string().trim().min(1).max(200), es: z.string().trim().min(1).max(200) }).strict()
// A version learners consent to: a date or a short label ("2026-12-01", "v3").
const Version = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,40}$/, 'must be a short label such as 2026-12-01')

const LegalSchema = z
  .object({
    operator: z
      .object({
        name: Bilingual,
        email: z.string().email(),
        address: z.array(z.string().trim().min(1).max(200)).max(8).default([]),
      })
      .strict(),
    privacy: z.object({ version: Version }).strict(),
    terms: z.object({ version: Version }).strict(),
  })
  .strict()

export const LEGAL_DOCUMENTS = ['privacy', 'terms', 'help', 'accessibility'] as const
export type LegalDocument = (typeof LEGAL_DOCUMENTS)[number]

export type Legal = z.infer<typeof LegalSchema> & {
  /** The documents as HTML, per language (Markdown rendered without raw HTML: tags are escaped). */
  html: Record<LegalDocument, Record<Lang, string>>
}

export const DEFAULT_LEGAL_DIR = 'config/legal'

let cached: Legal | undefined

export function loadLegal(dir = env().LEGAL_CONFIG_DIR || DEFAULT_LEGAL_DIR): Legal {
  const file = (name: string) => readFileSync(path.resolve(dir, name), 'utf8')
  const result = LegalSchema.safeParse(parse(file('legal.yaml')))
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid legal configuration in ${path.join(dir, 'legal.yaml')}:\n${lines.join('\n')}`)
  }
  const html = {} as Legal['html']
  for (const document of LEGAL_DOCUMENTS) {
    html[document] = {} as Record<Lang, string>
    for (const lang of LANGS) {
      const markdown = file(`${document}.${lang}.md`)
      if (!markdown.trim()) throw new Error(`Empty legal text: ${path.join(dir, `${document}.${lang}.md`)}`)
      html[document][lang] = micromark(markdown)
    }
  }
  return { ...result.data, html }
}

/** A document's page: its HTML in `lang`, its version (privacy and terms), and the operator. */
export function legalPage(document: LegalDocument, lang: Lang) {
  const config = legal()
  return {
    html: config.html[document][lang],
    version: document === 'privacy' || document === 'terms' ? config[document].version : null,
    operator: { name: config.operator.name[lang], email: config.operator.email, address: config.operator.address },
  }
}

export function legal(): Legal {
  cached ??= loadLegal()
  return cached
}

/** What a learner consents to at sign-up, recorded on their account with its date. */
export function consentRecord(now = new Date()) {
  const { privacy, terms } = legal()
  return { consentAt: now, consentPrivacyVersion: privacy.version, consentTermsVersion: terms.version }
}
