-- CreateTable
CREATE TABLE "rule_group" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "intervalMs" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "rule_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule_group_state" (
    "groupId" TEXT NOT NULL,
    "lastEvalMs" BIGINT NOT NULL,
    "state" JSONB NOT NULL,
    "rules" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "rule_group_state_pkey" PRIMARY KEY ("groupId")
);

-- CreateTable
CREATE TABLE "alert_event" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "alertname" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "state" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alertmanager_config" (
    "tenantId" TEXT NOT NULL,
    "sealed" TEXT NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alertmanager_config_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "alertmanager_state" (
    "tenantId" TEXT NOT NULL,
    "snapshot" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alertmanager_state_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "silence" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "matchers" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "silence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_log_entry" (
    "tenantId" TEXT NOT NULL,
    "groupKey" TEXT NOT NULL,
    "receiver" TEXT NOT NULL,
    "integration" INTEGER NOT NULL,
    "firing" TEXT[],
    "resolved" TEXT[],
    "timestampMs" BIGINT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,

    CONSTRAINT "notification_log_entry_pkey" PRIMARY KEY ("tenantId","groupKey","receiver","integration")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "groupKey" TEXT NOT NULL,
    "receiver" TEXT NOT NULL,
    "integration" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "alerts" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "abandonedAt" TIMESTAMP(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "rule_group_tenantId_namespace_name_key" ON "rule_group"("tenantId", "namespace", "name");

-- CreateIndex
CREATE INDEX "alert_event_tenantId_fingerprint_at_idx" ON "alert_event"("tenantId", "fingerprint", "at");

-- CreateIndex
CREATE INDEX "alert_event_tenantId_at_idx" ON "alert_event"("tenantId", "at");

-- CreateIndex
CREATE INDEX "silence_tenantId_endsAt_idx" ON "silence"("tenantId", "endsAt");

-- CreateIndex
CREATE INDEX "notification_tenantId_createdAt_idx" ON "notification"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "notification_sentAt_createdAt_idx" ON "notification"("sentAt", "createdAt");

-- CreateIndex
CREATE INDEX "notification_tenantId_groupKey_receiver_integration_idx" ON "notification"("tenantId", "groupKey", "receiver", "integration");

-- AddForeignKey
ALTER TABLE "rule_group" ADD CONSTRAINT "rule_group_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_group_state" ADD CONSTRAINT "rule_group_state_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "rule_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "silence" ADD CONSTRAINT "silence_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_event" ADD CONSTRAINT "alert_event_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alertmanager_config" ADD CONSTRAINT "alertmanager_config_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alertmanager_state" ADD CONSTRAINT "alertmanager_state_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_log_entry" ADD CONSTRAINT "notification_log_entry_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
