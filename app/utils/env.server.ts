// The environment, validated once at start-up. A bad variable stops the server with a
// message that names it. Defaults let a fresh clone run offline in development.
import { z } from 'zod'

const DEV_SESSION_SECRET = 'dev-only-session-secret-change-me'

const booleanString = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1')

const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value)

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
    // Payments (docs/decisions/008-payments-offline-stripe.md). Real Stripe: both keys. Offline:
    // STRIPE_OFFLINE=true (the default in development when no key is set; never in production
    // unless set), Stripe's API served by MSW and a local stand-in for the checkout page.
    // Neither: paid courses take enrolment requests for administrators.
    // An empty value (`STRIPE_SECRET_KEY=` in .env) counts as unset.
    STRIPE_SECRET_KEY: z.preprocess(
      emptyAsUnset,
      z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'must be a Stripe secret key (sk_live_…, sk_test_… or rk_…)').optional(),
    ),
    STRIPE_WEBHOOK_SECRET: z.preprocess(
      emptyAsUnset,
      z.string().regex(/^whsec_[A-Za-z0-9_+/=]+$/, 'must be the signing secret of the webhook endpoint (whsec_…)').optional(),
    ),
    STRIPE_OFFLINE: z
      .enum(['true', 'false', '1', '0', ''])
      .optional()
      .transform((value) => (value === undefined || value === '' ? undefined : value === 'true' || value === '1')),
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
    if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [env.STRIPE_SECRET_KEY ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_SECRET_KEY'],
        message: 'set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET together (or neither)',
      })
    }
    // The offline stand-in lets anyone "pay" with a click: in production only on a local address
    // (the end-to-end servers), never on a public site.
    if (env.STRIPE_OFFLINE && env.NODE_ENV === 'production' && !['localhost', '127.0.0.1', '[::1]'].includes(new URL(env.APP_URL).hostname)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['STRIPE_OFFLINE'],
        message: 'cannot be true in production on a public address (APP_URL): anyone could enrol in paid courses without paying',
      })
    }
    if (env.STRIPE_OFFLINE && env.STRIPE_SECRET_KEY) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['STRIPE_OFFLINE'],
        message: 'cannot be true while Stripe keys are set: choose real Stripe or the offline stand-in',
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

export type PaymentsMode = 'stripe' | 'offline' | 'none'

/**
 * How paid courses are sold: real Stripe (both keys set), offline (Stripe's API served by MSW,
 * a local checkout page; the default in development only), or none (enrolment requests).
 */
export function paymentsMode(config: Env = env()): PaymentsMode {
  if (config.STRIPE_SECRET_KEY && config.STRIPE_WEBHOOK_SECRET) return 'stripe'
  const offline = config.STRIPE_OFFLINE ?? config.NODE_ENV === 'development'
  return offline ? 'offline' : 'none'
}
