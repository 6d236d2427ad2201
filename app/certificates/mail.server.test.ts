import { expect, test } from 'vitest'
import { certificateEmail } from './mail.server.ts'

test('certificate mails in both languages end with their own line, not the sign-in mails\' "ignore this message"', () => {
  const input = { to: 'a@example.org', name: 'Ana', courseTitle: 'ICCS', serial: 'AULA-2026-000001', url: 'https://x' }
  for (const kind of ['issued', 'reissued', 'revoked', 'rejected'] as const) {
    const en = certificateEmail(kind, { ...input, lang: 'en' })
    const es = certificateEmail(kind, { ...input, lang: 'es', reason: 'Error' })
    expect(en.text).not.toMatch(/did not ask|ignore this message/i)
    expect(es.text).not.toMatch(/no lo pidió|ignorar este mensaje/i)
    expect(en.text.trimEnd()).toMatch(/— The Aula team$/)
    expect(es.text.trimEnd()).toMatch(/— El equipo de Aula$/)
  }
})
