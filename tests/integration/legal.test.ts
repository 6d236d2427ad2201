// Footer and legal pages (issue 15, item 11): the operator's privacy notice, terms, help and
// accessibility statement from config/legal in both languages, with versions; Markdown without raw
// HTML; an invalid configuration names the file; sign-up needs the consent and records it.
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from 'vitest'
import { legal, loadLegal } from '#app/legal/legal.server.ts'
import { loader as accessibilityLoader } from '#app/routes/$lang.accessibility.tsx'
import { loader as contactLoader } from '#app/routes/$lang.contact.tsx'
import { loader as helpLoader } from '#app/routes/$lang.help.tsx'
import { loader as privacyLoader } from '#app/routes/$lang.privacy.tsx'
import { action as signupAction } from '#app/routes/$lang.signup.tsx'
import { loader as termsLoader } from '#app/routes/$lang.terms.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { context, databaseFingerprint, getRequest, signupFields, submit, uniqueEmail } from '#tests/utils.ts'

const args = (lang: 'en' | 'es', page: string) => ({
  request: getRequest(`/${lang}/${page}`),
  params: { lang },
  context: context(),
})

test('each page in each language, from config/legal, with the version of the privacy notice and terms', async () => {
  const privacyEs = await privacyLoader(args('es', 'privacy'))
  expect(privacyEs.html).toContain('<h2>Quién es responsable de sus datos</h2>')
  expect(privacyEs.version).toBe(legal().privacy.version)
  expect(privacyEs.operator.name).toBe(legal().operator.name.es)
  const privacyEn = await privacyLoader(args('en', 'privacy'))
  expect(privacyEn.html).toContain('<h2>Who is responsible for your data</h2>')
  expect((await termsLoader(args('es', 'terms'))).html).toContain('<h2>Uso de la plataforma</h2>')
  expect((await termsLoader(args('en', 'terms'))).version).toBe(legal().terms.version)
  expect((await helpLoader(args('es', 'help'))).html).toContain('¿Cómo me inscribo en un curso?')
  expect((await helpLoader(args('en', 'help'))).version).toBeNull()
  expect((await accessibilityLoader(args('es', 'accessibility'))).html).toContain('WCAG')
  expect((await accessibilityLoader(args('en', 'accessibility'))).html).toContain('WCAG')
  const contact = await contactLoader(args('es', 'contact'))
  expect(contact.operator.email).toBe(legal().operator.email)
})

test("the operator's own texts: a folder of their own, raw HTML escaped, a bad file named", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aula-legal-'))
  cpSync('config/legal', dir, { recursive: true })
  writeFileSync(
    path.join(dir, 'privacy.es.md'),
    '## Aviso del INEGI\n\n<script>alert(1)</script> [x](javascript:alert(1))\n',
  )
  const own = loadLegal(dir)
  expect(own.html.privacy.es).toContain('<h2>Aviso del INEGI</h2>')
  expect(own.html.privacy.es).toContain('&lt;script&gt;')
  expect(own.html.privacy.es).not.toContain('<script>')
  expect(own.html.privacy.es).not.toContain('href="javascript:')

  const yaml = readFileSync(path.join(dir, 'legal.yaml'), 'utf8')
  writeFileSync(path.join(dir, 'legal.yaml'), yaml.replace("version: '2026-12-01'", "version: 'two words'"))
  expect(() => loadLegal(dir)).toThrow(/legal\.yaml:\n {2}privacy\.version: must be a short label/)
  writeFileSync(path.join(dir, 'legal.yaml'), yaml)
  writeFileSync(path.join(dir, 'terms.en.md'), '  \n')
  expect(() => loadLegal(dir)).toThrow(/Empty legal text: .*terms\.en\.md/)
})

test('sign-up without the consent is refused with a translated message and creates nothing', async () => {
  const email = uniqueEmail('noconsent')
  const before = await databaseFingerprint()
  const { consent: _consent, ...withoutConsent } = signupFields(email, { country: 'MX', organisation: 'INEGI' })
  const refused = await submit(signupAction, { lang: 'es' }, '/es/signup', withoutConsent)
  expect(refused.status).toBe(400)
  expect((refused.data as { result: { error: Record<string, string[]> } }).result.error).toEqual({
    consent: ['validation:consent'],
  })
  expect(await prisma.user.count({ where: { email } })).toBe(0)
  expect(await databaseFingerprint()).toEqual(before)
})
