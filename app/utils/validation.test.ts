import { expect, test } from 'vitest'
import { z } from 'zod'
import { MAX_NAME_LENGTH } from './limits.ts'
import {
  CertificateNameSchema,
  DaySchema,
  EmailSchema,
  FORM_ERROR,
  IdSchema,
  intent,
  intents,
  LoginSchema,
  MonthSchema,
  OrganisationSchema,
  parseForm,
  parseQuery,
  pageSchema,
  PasswordSchema,
  PersonNameSchema,
  safeRedirect,
  SearchSchema,
  SignupSchema,
  textSchema,
  TokenSchema,
} from './validation.ts'

function errorOf(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string[] {
  return result.success ? [] : result.error!.issues.map((issue) => issue.message)
}

test('EmailSchema lower-cases and trims the address', () => {
  expect(EmailSchema.parse('  Ana.Perez@INEGI.org.MX ')).toBe('ana.perez@inegi.org.mx')
  expect(EmailSchema.parse('ANA@EXAMPLE.ORG')).toBe(EmailSchema.parse('ana@example.org'))
  expect(EmailSchema.parse("o'brien@example.org")).toBe("o'brien@example.org")
})

test('EmailSchema refuses what is not an address, with translatable keys', () => {
  for (const value of [
    'not-an-email',
    '<script>alert(1)</script>',
    `'; DROP TABLE "User"; --`,
    'a@b',
    'ana@example.org\u0000',
  ]) {
    expect(errorOf(EmailSchema.safeParse(value)), value).toEqual(['validation:email'])
  }
  expect(errorOf(EmailSchema.safeParse('   '))).toEqual(['validation:email'])
  expect(errorOf(EmailSchema.safeParse(`${'a'.repeat(250)}@example.org`))).toEqual(['validation:tooLong'])
  expect(errorOf(EmailSchema.safeParse(undefined))).toEqual(['validation:required'])
  expect(errorOf(EmailSchema.safeParse(['a@example.org', 'b@example.org']))).toEqual(['validation:invalid'])
})

test('PersonNameSchema accepts accented names, apostrophes and hyphens exactly', () => {
  expect(PersonNameSchema.parse('José Ñúñez García')).toBe('José Ñúñez García')
  expect(PersonNameSchema.parse("O'Brien")).toBe("O'Brien")
  expect(PersonNameSchema.parse('Ana-María d’Ávila Jr.')).toBe('Ana-María d’Ávila Jr.')
  expect(PersonNameSchema.parse('Łukasz Żółć')).toBe('Łukasz Żółć')
  // Spaces are tidied and decomposed accents composed (NFC), so the same name is stored one way.
  expect(PersonNameSchema.parse('  José   Ñúñez \t García ')).toBe('José Ñúñez García')
  expect(PersonNameSchema.parse('Jose\u0301')).toBe('José')
})

test('PersonNameSchema refuses markup, SQL, digits and control characters', () => {
  for (const value of [
    '<b>Ana</b>',
    '<script>alert(1)</script>',
    'Ana <img src=x>',
    `'; DROP TABLE "User"; --`,
    'Robert"); DROP TABLE',
    'R2-D2',
    'Ana\u0000',
    '-Ana',
    "'Ana",
  ]) {
    expect(errorOf(PersonNameSchema.safeParse(value)), value).toEqual(['validation:nameCharacters'])
  }
  expect(errorOf(PersonNameSchema.safeParse('   '))).toContain('validation:required')
  expect(errorOf(PersonNameSchema.safeParse('a'.repeat(MAX_NAME_LENGTH + 1)))).toContain('validation:tooLong')
  expect(PersonNameSchema.safeParse('a'.repeat(MAX_NAME_LENGTH)).success).toBe(true)
})

test('CertificateNameSchema takes what the certificate font prints (Latin, Greek, Cyrillic), nothing else', () => {
  for (const name of [
    'José Ñúñez García',
    "Siobhán O'Brien",
    'Łukasz Ćwikła',
    'Nguyễn Thị Minh',
    'Ἀθηνᾶ Παπαδοπούλου',
    'Анна Иванова',
  ]) {
    expect(CertificateNameSchema.safeParse(name)).toEqual({ success: true, data: name })
  }
  for (const name of ['王小明', 'محمد علي', 'José 王'])
    expect(errorOf(CertificateNameSchema.safeParse(name))).toEqual(['validation:certificateNameScript'])
  // The general name rules still apply first.
  expect(errorOf(CertificateNameSchema.safeParse('<b>Ana</b>'))).toEqual(['validation:nameCharacters'])
})

test('OrganisationSchema allows punctuation but not angle brackets or control characters', () => {
  expect(OrganisationSchema.parse('  Instituto Nacional de Estadística y Geografía (INEGI) & "UNODC" ')).toBe(
    'Instituto Nacional de Estadística y Geografía (INEGI) & "UNODC"',
  )
  expect(OrganisationSchema.parse(`'; DROP TABLE "User"; --`)).toBe(`'; DROP TABLE "User"; --`)
  expect(errorOf(OrganisationSchema.safeParse('<script>alert(1)</script>'))).toEqual(['validation:textCharacters'])
  expect(errorOf(OrganisationSchema.safeParse('DANE\u0007'))).toEqual(['validation:textCharacters'])
})

test('PasswordSchema wants 10 to 200 characters', () => {
  expect(errorOf(PasswordSchema.safeParse('short'))).toEqual(['validation:passwordTooShort'])
  expect(errorOf(PasswordSchema.safeParse('x'.repeat(201)))).toEqual(['validation:tooLong'])
  expect(PasswordSchema.safeParse('una frase larga').success).toBe(true)
})

test('TokenSchema takes base64url tokens only', () => {
  expect(TokenSchema.safeParse('A'.repeat(43)).success).toBe(true)
  for (const value of ['short', 'A'.repeat(101), '<script>alert(1)</script>'.padEnd(30, 'a'), `${'A'.repeat(30)}'--`]) {
    expect(errorOf(TokenSchema.safeParse(value)), value).toEqual(['validation:token'])
  }
})

test('SignupSchema normalises the address and checks the two passwords agree', () => {
  const base = {
    displayName: 'José',
    certificateName: 'José Ñúñez García',
    email: ' JOSE@Example.ORG',
    password: 'una frase larga',
    confirmPassword: 'una frase larga',
    country: 'CO',
    organisation: 'DANE',
    organisationType: 'national_statistical_office',
    preferredLocale: 'es',
    consent: 'on',
  }
  expect(SignupSchema.parse(base).email).toBe('jose@example.org')
  const { consent: _, ...withoutConsent } = base
  expect(errorOf(SignupSchema.safeParse(withoutConsent))).toEqual(['validation:consent'])
  expect(errorOf(SignupSchema.safeParse({ ...base, consent: 'yes' }))).toEqual(['validation:consent'])
  const differ = SignupSchema.safeParse({ ...base, confirmPassword: 'otra frase larga' })
  expect(differ.success).toBe(false)
  expect(differ.error!.issues).toEqual([
    expect.objectContaining({ path: ['confirmPassword'], message: 'validation:passwordsDiffer' }),
  ])
  expect(errorOf(SignupSchema.safeParse({ ...base, country: 'co' }))).toEqual(['validation:country'])
})

test('LoginSchema drops a bad return address instead of refusing the log-in', () => {
  expect(
    LoginSchema.parse({ email: 'a@example.org', password: 'x', redirectTo: '/'.repeat(3000) }).redirectTo,
  ).toBeUndefined()
  expect(LoginSchema.parse({ email: 'a@example.org', password: 'x', redirectTo: '/en/account' }).redirectTo).toBe(
    '/en/account',
  )
})

test('safeRedirect keeps same-site paths and refuses everything else', () => {
  expect(safeRedirect('/es/courses/iccs?x=1#a', '/es')).toBe('/es/courses/iccs?x=1#a')
  for (const to of [
    '//evil.example',
    'https://evil.example',
    'http://evil.example/',
    '/\\evil.example',
    'javascript:alert(1)',
    'evil.example',
    '',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\nSet-Cookie: x=1',
    `/${'a'.repeat(2001)}`,
  ]) {
    expect(safeRedirect(to, '/es/dashboard'), JSON.stringify(to)).toBe('/es/dashboard')
  }
  expect(safeRedirect(undefined, '/en')).toBe('/en')
  expect(safeRedirect(['/en/account'], '/en')).toBe('/en')
})

/** A form's fields as the browser sends them. */
function form(fields: Array<[string, string]>): FormData {
  const formData = new FormData()
  for (const [name, value] of fields) formData.append(name, value)
  return formData
}

test('parseForm: every message is an i18n key, also for issues a schema does not name', () => {
  const Schema = intents([
    z.object({ intent: intent('rename'), id: IdSchema, name: textSchema(20), count: z.number() }),
    z.object({ intent: intent('remove'), id: IdSchema }),
  ])
  const errors = (fields: Array<[string, string]>) => {
    const submission = parseForm(form(fields), Schema)
    return submission.status === 'success' ? null : submission.error
  }
  // An unknown, missing or repeated intent is an error of the form itself.
  expect(errors([['intent', 'explode']])).toEqual({ intent: [FORM_ERROR] })
  expect(errors([])).toEqual({ intent: [FORM_ERROR] })
  expect(
    errors([
      ['intent', 'remove'],
      ['intent', 'remove'],
      ['id', 'a1'],
    ]),
  ).toEqual({ intent: [FORM_ERROR] })
  // Missing, repeated, too long, of the wrong type; a hidden id is a form error.
  expect(
    errors([
      ['intent', 'rename'],
      ['id', '<b>'],
      ['name', 'x'.repeat(50)],
      ['count', 'many'],
    ]),
  ).toEqual({
    id: [FORM_ERROR],
    name: ['validation:tooLong'],
    count: ['validation:invalid'],
  })
  expect(
    errors([
      ['intent', 'rename'],
      ['id', 'a1'],
      ['name', 'a'],
      ['name', 'b'],
    ]),
  ).toEqual({ name: ['validation:invalid'], count: ['validation:required'] })
  expect(
    errors([
      ['intent', 'rename'],
      ['id', 'a1'],
      ['name', '  Ana   María '],
      ['count', '2'],
    ]),
  ).toBeNull()
  expect(
    parseForm(
      form([
        ['intent', 'rename'],
        ['id', 'a1'],
        ['name', '  Ana   María '],
        ['count', '2'],
      ]),
      Schema,
    ),
  ).toMatchObject({
    status: 'success',
    value: { intent: 'rename', id: 'a1', name: 'Ana María', count: 2 },
  })
})

test('textSchema: one line tidied, several lines kept; markup and control characters refused; optional is ""', () => {
  const line = textSchema(10)
  expect(line.parse('  a \t b ')).toBe('a b')
  expect(errorOf(line.safeParse('<b>'))).toEqual(['validation:textCharacters'])
  expect(errorOf(line.safeParse('a\u0000'))).toEqual(['validation:textCharacters'])
  expect(errorOf(line.safeParse('x'.repeat(11)))).toEqual(['validation:tooLong'])
  const lines = textSchema(100, { multiline: true, optional: true })
  expect(lines.parse('Hola,\r\n\tgracias ')).toBe('Hola,\n\tgracias')
  expect(lines.parse(undefined)).toBe('')
  expect(errorOf(lines.safeParse('a\u0007'))).toEqual(['validation:textCharacters'])
})

test('parseQuery reads the keys a schema names; a key given twice is refused', () => {
  const Query = z.object({ q: SearchSchema, page: pageSchema(50) })
  expect(parseQuery(new URL('http://x/?q=+ana+&page=3&other=1'), Query).data).toEqual({ q: 'ana', page: 3 })
  expect(parseQuery(new URL('http://x/'), Query).data).toEqual({ q: '', page: 1 })
  for (const search of ['?page=51', '?page=-1', '?page=2&page=3', '?q=a%00b', `?q=${'a'.repeat(201)}`]) {
    expect(parseQuery(new URL(`http://x/${search}`), Query).success, search).toBe(false)
  }
})

test('DaySchema and MonthSchema take real days and months between 2000 and 2100, nothing else', () => {
  for (const day of ['2000-01-01', '2024-02-29', '2026-12-31', '2100-12-31'])
    expect(DaySchema.safeParse(day).success, day).toBe(true)
  for (const day of [
    '9999-12-31',
    '0000-01-01',
    '1999-12-31',
    '2101-01-01',
    '2026-02-31',
    '2025-02-29',
    '2026-13-01',
    '2026-00-10',
    '+02026-01-01',
    '2026-1-1',
    '',
  ])
    expect(DaySchema.safeParse(day).success, day).toBe(false)
  for (const month of ['2000-01', '2100-12']) expect(MonthSchema.safeParse(month).success, month).toBe(true)
  for (const month of ['9999-12', '1999-12', '2101-01', '2026-13', '2026-00'])
    expect(MonthSchema.safeParse(month).success, month).toBe(false)
})
