-- CreateTable
CREATE TABLE "LabRunWatcher" (
    "runId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("runId", "userId"),
    CONSTRAINT "LabRunWatcher_runId_fkey" FOREIGN KEY ("runId") REFERENCES "LabRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LabRunWatcher_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "LabRunWatcher_userId_idx" ON "LabRunWatcher"("userId");

-- Who started a run before watchers existed watches it (they keep reading their own runs).
INSERT INTO "LabRunWatcher" ("runId", "userId", "createdAt") SELECT "id", "userId", "createdAt" FROM "LabRun" WHERE "userId" IS NOT NULL;
