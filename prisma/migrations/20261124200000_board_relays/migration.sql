-- AlterTable
ALTER TABLE "board" ADD COLUMN     "relays" TEXT[] DEFAULT ARRAY[]::TEXT[];
