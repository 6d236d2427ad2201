-- AlterTable
ALTER TABLE "User" ADD COLUMN     "consentAt" TIMESTAMP(3),
ADD COLUMN     "consentPrivacyVersion" TEXT,
ADD COLUMN     "consentTermsVersion" TEXT;

