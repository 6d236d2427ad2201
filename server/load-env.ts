// Reads .env (if present) into process.env without overriding what the shell already set.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.env')
if (existsSync(file)) process.loadEnvFile(file)
