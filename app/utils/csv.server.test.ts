import { expect, test } from 'vitest'
import { csvCell, detectCsvSeparator, neutraliseFormulas, toCsv } from './csv.server.ts'

test('cells are quoted when needed and formulas neutralised', () => {
  expect(csvCell('plain')).toBe('plain')
  expect(csvCell('a,b')).toBe('"a,b"')
  expect(csvCell('say "hi"')).toBe('"say ""hi"""')
  expect(csvCell('line\nbreak')).toBe('"line\nbreak"')
  expect(csvCell('=1+1')).toBe("'=1+1")
  expect(csvCell('+57 300')).toBe("'+57 300")
  expect(csvCell('-2')).toBe("'-2")
  expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
  expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
  expect(csvCell(-2)).toBe('-2')
  expect(csvCell(null)).toBe('')
  expect(csvCell('José Ñúñez')).toBe('José Ñúñez')
})

test('a file starts with the byte-order mark and ends rows with CRLF', () => {
  const csv = toCsv(
    ['País', 'N'],
    [
      ['México', 3],
      ['Perú', '<5'],
    ],
  )
  expect(csv.charCodeAt(0)).toBe(0xfeff)
  expect(csv.slice(1)).toBe('País,N\r\nMéxico,3\r\nPerú,<5\r\n')
})

test('a formula after any separator a spreadsheet may split on is neutralised, and such cells are quoted', () => {
  // Excel in Spanish splits `a;=1+1` on the semicolon and would run the second piece.
  expect(csvCell('a;=1+1')).toBe(`"a;'=1+1"`)
  expect(csvCell('a,=1+1')).toBe(`"a,'=1+1"`)
  expect(csvCell('a\t=1+1')).toBe(`"a\t'=1+1"`)
  expect(csvCell('a| @SUM(A1)')).toBe(`"a| '@SUM(A1)"`)
  expect(csvCell('a;  -2+3')).toBe(`"a;  '-2+3"`)
  expect(csvCell('a\n+1')).toBe(`"a\n'+1"`)
  expect(csvCell('Bogotá; Colombia')).toBe('"Bogotá; Colombia"')
  expect(csvCell('Gómez - Peña')).toBe('Gómez - Peña')
  // No piece of any neutralised cell, split on any separator, starts with a formula character.
  for (const cell of ['a;=1+1', 'x,+1;@y\t-2|=3', ' =1', '\t=1']) {
    const text = neutraliseFormulas(cell)
    for (const piece of text.split(/[,;\t|\r\n]/)) expect(piece.trimStart()).not.toMatch(/^[=+\-@]/)
  }
})

test('the semicolon variant separates with ; and quotes cells holding a comma or a semicolon', () => {
  const csv = toCsv(
    ['País', 'Tasa'],
    [
      ['México', '1,5'],
      ['a;=1+1', 3],
    ],
    'semicolon',
  )
  expect(csv.slice(1)).toBe(`País;Tasa\r\nMéxico;"1,5"\r\n"a;'=1+1";3\r\n`)
})

test('numbers get a decimal comma in the semicolon variant only, and never a thousands separator', () => {
  expect(toCsv(['Tasa'], [[12.5], [-0.25], [12345]], 'semicolon').slice(1)).toBe(
    'Tasa\r\n"12,5"\r\n"-0,25"\r\n12345\r\n',
  )
  expect(toCsv(['Rate'], [[12.5], [-0.25], [12345]], 'comma').slice(1)).toBe('Rate\r\n12.5\r\n-0.25\r\n12345\r\n')
})

test('the separator of an upload is detected from its first line, quotes respected', () => {
  expect(detectCsvSeparator('email,name\r\na;b,c')).toBe(',')
  expect(detectCsvSeparator('email;name;country\na,b;c;d')).toBe(';')
  expect(detectCsvSeparator('"a,b";c;d\n')).toBe(';')
  expect(detectCsvSeparator('email\tname\n')).toBe('\t')
  expect(detectCsvSeparator('email\n')).toBe(',')
})
