-- Day boundaries from an IANA time zone instead of a fixed offset from UTC (ARCHITECTURE.md, "Time zones"). Each
-- stored offset becomes the zone that keeps it: a whole number of hours becomes the fixed-offset zone Etc/GMT-h
-- (POSIX signs are inverted: Etc/GMT-2 is two hours east of UTC), the offsets of zones that are not whole hours become
-- that zone (330 minutes: Asia/Kolkata), and any other offset the nearest whole hour. Settings then offer the browser
-- zone, with daylight saving time.

-- CreateTable
CREATE TABLE "CardAction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "cardId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "before" JSONB NOT NULL,
    "undoneAt" DATETIME,
    CONSTRAINT "CardAction_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CardAction_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StudySettings" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "desiredRetention" REAL NOT NULL DEFAULT 0.9,
    "maximumIntervalDays" INTEGER NOT NULL DEFAULT 36500,
    "newCardsPerDay" INTEGER NOT NULL DEFAULT 20,
    "reviewsPerDay" INTEGER NOT NULL DEFAULT 200,
    "learningSteps" TEXT NOT NULL DEFAULT '1m 10m',
    "relearningSteps" TEXT NOT NULL DEFAULT '10m',
    "fsrsWeights" JSONB,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "StudySettings_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_StudySettings" ("desiredRetention", "fsrsWeights", "learningSteps", "maximumIntervalDays", "newCardsPerDay", "relearningSteps", "reviewsPerDay", "timeZone", "updatedAt", "userId")
SELECT "desiredRetention", "fsrsWeights", "learningSteps", "maximumIntervalDays", "newCardsPerDay", "relearningSteps", "reviewsPerDay",
    CASE
        WHEN "utcOffsetMinutes" = 0 THEN 'UTC'
        WHEN "utcOffsetMinutes" = -570 THEN 'Pacific/Marquesas'
        WHEN "utcOffsetMinutes" = -210 THEN 'America/St_Johns'
        WHEN "utcOffsetMinutes" = 210 THEN 'Asia/Tehran'
        WHEN "utcOffsetMinutes" = 270 THEN 'Asia/Kabul'
        WHEN "utcOffsetMinutes" = 330 THEN 'Asia/Kolkata'
        WHEN "utcOffsetMinutes" = 345 THEN 'Asia/Kathmandu'
        WHEN "utcOffsetMinutes" = 390 THEN 'Asia/Yangon'
        WHEN "utcOffsetMinutes" = 525 THEN 'Australia/Eucla'
        WHEN "utcOffsetMinutes" = 570 THEN 'Australia/Darwin'
        WHEN "utcOffsetMinutes" = 630 THEN 'Australia/Lord_Howe'
        WHEN "utcOffsetMinutes" = 765 THEN 'Pacific/Chatham'
        WHEN CAST(ROUND("utcOffsetMinutes" / 60.0) AS INTEGER) = 0 THEN 'UTC'
        WHEN "utcOffsetMinutes" > 0 THEN 'Etc/GMT-' || CAST(CAST(ROUND("utcOffsetMinutes" / 60.0) AS INTEGER) AS TEXT)
        ELSE 'Etc/GMT+' || CAST(-CAST(ROUND("utcOffsetMinutes" / 60.0) AS INTEGER) AS TEXT)
    END,
    "updatedAt", "userId"
FROM "StudySettings";
DROP TABLE "StudySettings";
ALTER TABLE "new_StudySettings" RENAME TO "StudySettings";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "CardAction_userId_at_idx" ON "CardAction"("userId", "at");
