// Reads .env (if present) into process.env without overriding what the shell already set.
// A line that cannot be read stops the program here with one line naming the file and line,
// before anything is started or created (server/env-file.ts).
import { existsSync } from 'node:fs'
import path from 'node:path'
import { loadEnvFileOrExit } from './env-file.ts'
import { ROOT } from './root.ts'

const file = path.join(ROOT, '.env')
if (existsSync(file)) loadEnvFileOrExit(file)
