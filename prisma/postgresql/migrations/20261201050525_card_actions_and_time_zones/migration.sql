-- Day boundaries from an IANA time zone instead of a fixed offset from UTC (ARCHITECTURE.md, "Time zones"). Each
-- stored offset becomes the zone that keeps it: a whole number of hours becomes the fixed-offset zone Etc/GMT-h
-- (POSIX signs are inverted: Etc/GMT-2 is two hours east of UTC), the offsets of zones that are not whole hours become
-- that zone (330 minutes: Asia/Kolkata), and any other offset the nearest whole hour. Settings then offer the browser
-- zone, with daylight saving time.

-- AlterTable
ALTER TABLE "StudySettings" ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'UTC';
UPDATE "StudySettings" SET "timeZone" = CASE
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
    END;
ALTER TABLE "StudySettings" DROP COLUMN "utcOffsetMinutes";

-- CreateTable
CREATE TABLE "CardAction" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "cardId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "before" JSONB NOT NULL,
    "undoneAt" TIMESTAMP(3),

    CONSTRAINT "CardAction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CardAction_userId_at_idx" ON "CardAction"("userId", "at");

-- AddForeignKey
ALTER TABLE "CardAction" ADD CONSTRAINT "CardAction_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardAction" ADD CONSTRAINT "CardAction_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card"("id") ON DELETE CASCADE ON UPDATE CASCADE;
