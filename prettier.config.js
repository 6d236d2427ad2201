// Prettier: the Epic Stack's shared options (@epic-web/config), with this project's spaces, its
// 120-character lines, and prose left as written (course text and docs are wrapped by hand).
import { config as epic } from '@epic-web/config/prettier'

/** @type {import('prettier').Options} */
export default {
  ...epic,
  useTabs: false,
  printWidth: 120,
  proseWrap: 'preserve',
}
