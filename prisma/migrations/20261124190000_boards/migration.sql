-- CreateEnum
CREATE TYPE "BoardMode" AS ENUM ('PULL', 'PUSH');

-- CreateTable
CREATE TABLE "board" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "hostname" TEXT,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "facts" JSONB NOT NULL DEFAULT '{}',
    "mode" "BoardMode" NOT NULL DEFAULT 'PULL',
    "scrapeUrl" TEXT,
    "scrapeIntervalSeconds" INTEGER NOT NULL DEFAULT 15,
    "scrapeTimeoutSeconds" INTEGER NOT NULL DEFAULT 10,
    "lastScrapeAt" TIMESTAMP(3),
    "lastScrapeDurationMs" INTEGER,
    "lastScrapeError" TEXT,
    "lastSeenAt" TIMESTAMP(3),
    "seriesCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "board_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enrolment_token" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "expiresAt" TIMESTAMP(3),
    "maxUses" INTEGER,
    "uses" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "enrolment_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "board_credential" (
    "id" TEXT NOT NULL,
    "boardId" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "encrypted" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "board_credential_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "board_tenantId_name_key" ON "board"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "enrolment_token_hash_key" ON "enrolment_token"("hash");

-- CreateIndex
CREATE INDEX "enrolment_token_tenantId_idx" ON "enrolment_token"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "board_credential_boardId_key" ON "board_credential"("boardId");

-- CreateIndex
CREATE UNIQUE INDEX "board_credential_hash_key" ON "board_credential"("hash");

-- AddForeignKey
ALTER TABLE "board" ADD CONSTRAINT "board_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enrolment_token" ADD CONSTRAINT "enrolment_token_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "board_credential" ADD CONSTRAINT "board_credential_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "board"("id") ON DELETE CASCADE ON UPDATE CASCADE;
