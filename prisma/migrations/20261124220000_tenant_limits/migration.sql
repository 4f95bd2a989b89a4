-- AlterTable
ALTER TABLE "tenant" ADD COLUMN     "limits" JSONB NOT NULL DEFAULT '{}';
