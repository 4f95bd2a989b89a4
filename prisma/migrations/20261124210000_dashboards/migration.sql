-- CreateTable
CREATE TABLE "dashboard" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "uid" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "model" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdBy" TEXT NOT NULL,
    "updatedById" TEXT,
    "updatedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "dashboard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dashboard_version" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "dashboardId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "model" JSONB NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dashboard_version_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "dashboard_tenantId_title_idx" ON "dashboard"("tenantId", "title");

-- CreateIndex
CREATE UNIQUE INDEX "dashboard_tenantId_uid_key" ON "dashboard"("tenantId", "uid");

-- CreateIndex
CREATE INDEX "dashboard_version_tenantId_idx" ON "dashboard_version"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "dashboard_version_dashboardId_version_key" ON "dashboard_version"("dashboardId", "version");

-- AddForeignKey
ALTER TABLE "dashboard" ADD CONSTRAINT "dashboard_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dashboard_version" ADD CONSTRAINT "dashboard_version_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dashboard_version" ADD CONSTRAINT "dashboard_version_dashboardId_fkey" FOREIGN KEY ("dashboardId") REFERENCES "dashboard"("id") ON DELETE CASCADE ON UPDATE CASCADE;
