// The certificate issuer (name, address, logo, signatory) comes from configuration:
// config/issuer.yaml by default, or the file ISSUER_CONFIG names. Read once per process.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { env } from '#app/utils/env.server.ts'

const Bilingual = z.object({ en: z.string().trim().min(1).max(200), es: z.string().trim().min(1).max(200) }).strict()

const IssuerSchema = z
  .object({
    name: Bilingual,
    url: z.string().url(),
    logo: z
      .string()
      .regex(/\.(png|jpe?g)$/i, 'must be a .png or .jpg file')
      .optional(),
    signatory: z.object({ name: z.string().trim().min(1).max(120), title: Bilingual }).strict(),
    // Printed on purchase receipts (ADR 023): who received the payment, as a public body's
    // accounts office needs it. Optional; without it a receipt shows the issuer's name and url.
    receipts: z
      .object({
        legalName: z.string().trim().min(1).max(200),
        address: z.string().trim().min(1).max(400),
        taxId: z.string().trim().min(1).max(60).optional(),
        email: z.string().email().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()

export type Issuer = z.infer<typeof IssuerSchema> & {
  logoBytes: Uint8Array | null
  logoType: 'png' | 'jpg' | null
}

export const DEFAULT_ISSUER_CONFIG = 'config/issuer.yaml'

let cached: Issuer | undefined

export function loadIssuer(file = env().ISSUER_CONFIG || DEFAULT_ISSUER_CONFIG): Issuer {
  const absolute = path.resolve(file)
  const result = IssuerSchema.safeParse(parse(readFileSync(absolute, 'utf8')))
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid issuer configuration in ${file}:\n${lines.join('\n')}`)
  }
  const { logo } = result.data
  const logoBytes = logo ? new Uint8Array(readFileSync(path.resolve(path.dirname(absolute), logo))) : null
  return { ...result.data, logoBytes, logoType: logo ? (/\.png$/i.test(logo) ? 'png' : 'jpg') : null }
}

export function issuer(): Issuer {
  cached ??= loadIssuer()
  return cached
}
