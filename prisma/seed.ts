// Deterministic demo data for development: fixed ids and names, so the README, screenshots
// and tests agree. Idempotent: running it again changes nothing that exists.
// Never in production: the demo administrator's password is published (ADR 011).
import { type PrismaClient } from '#app/generated/prisma/client.ts'
import { hashPassword } from '#app/accounts/password.server.ts'

export const DEMO_PASSWORD = 'aula-demo-2026'

export const DEMO_USERS = [
  {
    id: 'demo-admin',
    email: 'admin@aula.example',
    displayName: 'Ana Administradora',
    certificateName: 'Ana María Rodríguez',
    country: 'MX',
    organisation: 'Center of Excellence (demo)',
    organisationType: 'international_organisation',
    preferredLocale: 'es',
    role: 'admin',
  },
  {
    id: 'demo-trainer',
    email: 'trainer@aula.example',
    displayName: 'Tom Trainer',
    certificateName: "Thomas O'Brien",
    country: 'GB',
    organisation: 'Aula training team (demo)',
    organisationType: 'academia',
    preferredLocale: 'en',
    role: 'trainer',
  },
  {
    id: 'demo-learner',
    email: 'learner@aula.example',
    displayName: 'José Ñúñez',
    certificateName: 'José Ñúñez García',
    country: 'CO',
    organisation: 'DANE (demo)',
    organisationType: 'national_statistical_office',
    preferredLocale: 'es',
    role: 'learner',
  },
] as const

/** Throws when NODE_ENV is production: demo accounts are never seeded into a production database. */
export function refuseSeedInProduction(nodeEnv = process.env.NODE_ENV) {
  if (nodeEnv === 'production') {
    throw new Error(
      'NODE_ENV=production: the demo accounts (an administrator among them, with a published password) ' +
        'are never seeded into a production database',
    )
  }
}

export async function seed(prisma: PrismaClient) {
  refuseSeedInProduction()
  const hash = await hashPassword(DEMO_PASSWORD)
  for (const user of DEMO_USERS) {
    await prisma.user.upsert({
      where: { email: user.email },
      update: {},
      create: {
        ...user,
        emailVerifiedAt: new Date('2026-01-01T00:00:00Z'),
        password: { create: { hash } },
      },
      select: { id: true },
    })
  }
}
