import { expect, test } from 'vitest'
import { csvCell, toCsv } from './csv.server.ts'

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
