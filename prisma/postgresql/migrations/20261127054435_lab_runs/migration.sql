-- CreateTable
CREATE TABLE "LabRun" (
    "id" TEXT NOT NULL,
    "userId" TEXT,
    "experiment" TEXT NOT NULL,
    "cacheKey" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "seed" INTEGER NOT NULL,
    "codeVersion" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "message" TEXT NOT NULL DEFAULT '',
    "backend" TEXT,
    "result" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "LabRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LabRun_cacheKey_status_idx" ON "LabRun"("cacheKey", "status");

-- CreateIndex
CREATE INDEX "LabRun_userId_status_idx" ON "LabRun"("userId", "status");

-- AddForeignKey
ALTER TABLE "LabRun" ADD CONSTRAINT "LabRun_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
