-- AlterTable
ALTER TABLE "LabRun" ADD COLUMN     "exported" JSONB;
