-- DropIndex
DROP INDEX "ReviewLog_userId_undoneAt_idx";

-- DropIndex
DROP INDEX "ReviewLog_userId_reviewedAt_idx";

-- CreateIndex
CREATE INDEX "ReviewLog_userId_reviewedAt_undoneAt_stateBefore_idx" ON "ReviewLog"("userId", "reviewedAt", "undoneAt", "stateBefore");
