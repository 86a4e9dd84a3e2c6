-- CreateTable
CREATE TABLE "LabRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT,
    "experiment" TEXT NOT NULL,
    "cacheKey" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "seed" INTEGER NOT NULL,
    "codeVersion" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" REAL NOT NULL DEFAULT 0,
    "message" TEXT NOT NULL DEFAULT '',
    "backend" TEXT,
    "result" JSONB,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "LabRun_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "LabRun_cacheKey_status_idx" ON "LabRun"("cacheKey", "status");

-- CreateIndex
CREATE INDEX "LabRun_userId_status_idx" ON "LabRun"("userId", "status");
