// The environment, validated once at start-up. A bad variable stops the server with a
// message that names it. Defaults let a fresh clone run offline in development.
import { z } from 'zod'

const DEV_SESSION_SECRET = 'dev-only-session-secret-change-me'

const booleanString = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1')

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    // Unset: the server starts the embedded PGlite database and sets this itself.
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection URL')
      .optional(),
    // Set by the server when it started the embedded database (one session: pool of 1).
    AULA_EMBEDDED_DB: booleanString,
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    // Comma-separated; the first signs new cookies, all are accepted (rotation).
    SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_SESSION_SECRET),
    HONEYPOT_SECRET: z.string().min(16).optional(),
    // The public origin, used in e-mails and certificate links.
    APP_URL: z.string().url().default('http://localhost:3000'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    // smtp://user:pass@host:587 ; unset: mail is written to OUTBOX_DIR instead of sent.
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().default('Aula <no-reply@aula.example>'),
    OUTBOX_DIR: z.string().default('data/outbox'),
    // Trust X-Forwarded-For for the client IP (only behind a proxy you run).
    TRUST_PROXY: booleanString,
    // Worker processes for `npm start` against PostgreSQL (the embedded database forces 1).
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SLOW_QUERY_MS: z.coerce.number().int().min(0).default(200),
    // Certificates. The issuer (name, address, logo, signatory): a YAML file, see config/issuer.yaml.
    ISSUER_CONFIG: z.string().default('config/issuer.yaml'),
    // The private Ed25519 JWK (JSON) that signs credentials. Required in production; in
    // development a key is generated once into CREDENTIAL_KEY_FILE.
    CREDENTIAL_SIGNING_KEY: z.string().optional(),
    CREDENTIAL_KEY_FILE: z.string().optional(),
    // Public JWKs (a JSON array) of earlier signing keys, still published after a rotation.
    CREDENTIAL_RETIRED_KEYS: z.string().optional(),
    // Turns the rate limits off (tests that must sign up many accounts from one IP).
    DISABLE_RATE_LIMITS: booleanString,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.CREDENTIAL_SIGNING_KEY && !env.CREDENTIAL_KEY_FILE && !env.AULA_EMBEDDED_DB) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['CREDENTIAL_SIGNING_KEY'],
        message: 'must be set in production (a private Ed25519 JWK; see README, "Certificates")',
      })
    }
    if (env.NODE_ENV === 'production' && env.SESSION_SECRET === DEV_SESSION_SECRET && !env.AULA_EMBEDDED_DB) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['SESSION_SECRET'],
        message: 'must be set to a secret of your own in production',
      })
    }
  })

export type Env = z.infer<typeof EnvSchema>

let parsed: Env | undefined

/** Validates process.env; throws an Error naming every bad variable. */
export function init(source: NodeJS.ProcessEnv = process.env): Env {
  const result = EnvSchema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid environment variables:\n${lines.join('\n')}\nSee .env.example.`)
  }
  parsed = result.data
  return parsed
}

export function env(): Env {
  return parsed ?? init()
}

/** The subset the browser may see (window.ENV). Nothing secret. */
export function getClientEnv() {
  return { NODE_ENV: env().NODE_ENV }
}
