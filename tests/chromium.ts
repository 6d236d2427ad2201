// The Chromium that the end-to-end tests and the browser benchmark drive: CHROMIUM_PATH when it is
// set (your own browser, used as it is), else the headless Chromium that ships inside
// node_modules with @sparticuz/chromium, so the tests need nothing preinstalled (ADR 016).
//
// The package keeps Chromium brotli-packed and unpacks it into os.tmpdir() on first use. Here it
// unpacks into a staging folder that is then renamed into place, a folder per package version and
// user: Playwright loads its config in the runner and in every worker, and several checkouts may
// start at once, so nobody ever runs a half-written binary, and a new version never meets an old
// one. Next to the binary go
//  - the shared libraries it needs beyond glibc (NSS, NSPR, expat; the package's al2023 bundle),
//    put on LD_LIBRARY_PATH, so a machine without a desktop's libraries runs it too;
//  - fonts and a fontconfig file naming only them (Open Sans from the package; DejaVu from the
//    dejavu-fonts-ttf package the certificates embed, which covers Spanish, symbols, monospace
//    and math), so pages render the same, accents included, whatever fonts the machine has.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import chromium from '@sparticuz/chromium'

export type Browser = {
  /** The binary to launch. */
  executablePath: string
  /** The environment to launch it with (Playwright's `launchOptions.env`). */
  env: Record<string, string>
}

const require = createRequire(import.meta.url)
// build/esm/index.js (or build/cjs/index.cjs) → the package folder.
const PACKAGE_DIR = path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '../..')
const DEJAVU_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf')
const DEJAVU_FONTS = [
  'DejaVuSans.ttf',
  'DejaVuSans-Bold.ttf',
  'DejaVuSans-Oblique.ttf',
  'DejaVuSans-BoldOblique.ttf',
  'DejaVuSerif.ttf',
  'DejaVuSerif-Bold.ttf',
  'DejaVuSerif-Italic.ttf',
  'DejaVuSansMono.ttf',
  'DejaVuSansMono-Bold.ttf',
  'DejaVuMathTeXGyre.ttf',
]

/** CHROMIUM_PATH, or the packaged Chromium (unpacked on first use). */
export async function resolveChromium(): Promise<Browser> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
  if (process.env.CHROMIUM_PATH) return { executablePath: process.env.CHROMIUM_PATH, env }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `The Chromium from npm runs on Linux x64 only (this is ${process.platform} ${process.arch}): ` +
        'set CHROMIUM_PATH to a Chromium or Chrome of your own.',
    )
  }
  const dir = await unpacked()
  return {
    executablePath: path.join(dir, 'chromium'),
    env: {
      ...env,
      LD_LIBRARY_PATH: [path.join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      FONTCONFIG_FILE: path.join(dir, 'fonts.conf'),
    },
  }
}

async function unpacked(): Promise<string> {
  const { version } = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }
  const uid = process.getuid?.() ?? 'user'
  const dir = path.join(os.tmpdir(), `aula-chromium-${version}-${uid}`)
  if (existsSync(path.join(dir, 'chromium'))) return dir

  const staging = mkdtempSync(`${dir}.unpacking-`)
  try {
    // The package unpacks into os.tmpdir(), which follows TMPDIR: point it at the staging folder.
    const tmpdir = process.env.TMPDIR
    process.env.TMPDIR = staging
    try {
      await chromium.executablePath(path.join(PACKAGE_DIR, 'bin'))
    } finally {
      if (tmpdir === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = tmpdir
    }
    if (!existsSync(path.join(staging, 'chromium'))) {
      throw new Error(`@sparticuz/chromium did not unpack into ${staging}`)
    }
    untar(brotliDecompressSync(readFileSync(path.join(PACKAGE_DIR, 'bin', 'al2023.tar.br'))), staging)
    for (const font of DEJAVU_FONTS) copyFileSync(path.join(DEJAVU_DIR, font), path.join(staging, 'fonts', font))
    writeFileSync(path.join(staging, 'fonts.conf'), fontsConf(dir))
    try {
      renameSync(staging, dir)
    } catch (error) {
      // Another process finished first: use its copy.
      if (!existsSync(path.join(dir, 'chromium'))) throw error
    }
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
  return dir
}

/** fontconfig: only our fonts, and the generic families mapped onto them. */
function fontsConf(dir: string): string {
  const alias = (family: string, fonts: string[]) => {
    const prefer = fonts.map((font) => `<family>${font}</family>`).join('')
    return `  <alias><family>${family}</family><prefer>${prefer}</prefer></alias>`
  }
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${path.join(dir, 'fonts')}</dir>`,
    `  <cachedir>${path.join(dir, 'fontconfig-cache')}</cachedir>`,
    alias('sans-serif', ['Open Sans', 'DejaVu Sans']),
    alias('system-ui', ['Open Sans', 'DejaVu Sans']),
    alias('serif', ['DejaVu Serif']),
    // Chromium's default standard font.
    alias('Times New Roman', ['DejaVu Serif']),
    alias('monospace', ['DejaVu Sans Mono']),
    alias('math', ['DejaVu Math TeX Gyre']),
    '</fontconfig>',
    '',
  ].join('\n')
}

/** Unpacks a tar archive of plain files and folders (the package's al2023 bundle). */
function untar(archive: Buffer, into: string) {
  const field = (header: Buffer, start: number, length: number) =>
    header.toString('utf8', start, start + length).replace(/\0.*$/s, '')
  let offset = 0
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512)
    const name = field(header, 0, 100)
    if (!name) break
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8)
    const type = field(header, 156, 1)
    const file = path.resolve(into, path.join(field(header, 345, 155), name))
    if (!file.startsWith(into + path.sep)) throw new Error(`unsafe path in archive: ${name}`)
    offset += 512
    if (type === '0' || type === '') {
      mkdirSync(path.dirname(file), { recursive: true })
      const mode = Number.parseInt(field(header, 100, 8).trim() || '644', 8)
      writeFileSync(file, archive.subarray(offset, offset + size), { mode })
    } else if (type === '5') {
      mkdirSync(file, { recursive: true })
    }
    offset += Math.ceil(size / 512) * 512
  }
}
