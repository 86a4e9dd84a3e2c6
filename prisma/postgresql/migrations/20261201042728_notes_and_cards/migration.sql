-- Notes and cards (ARCHITECTURE.md, "Notes and cards"). Until now a Card row was both what the author wrote and what
-- was studied. Each becomes a Note with the same id, holding the content, and stays a Card (same id, so every
-- CardState and ReviewLog row keeps pointing at it) that is card 1 of its note — for a cloze note, the card of its
-- lowest deletion number. The other cards of the note (the other deletions, a reversed card) are created by the deck sync
-- at the next start, as new cards.

-- AlterTable
ALTER TABLE "ReviewLog" ADD COLUMN     "answer" JSONB;

-- CreateTable
CREATE TABLE "Note" (
    "id" TEXT NOT NULL,
    "deckId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "tags" JSONB NOT NULL,
    "content" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "experimentId" TEXT,
    "retiredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

-- One note per card of the old model, with the id of the card.
INSERT INTO "Note" ("id", "deckId", "slug", "type", "section", "position", "tags", "content", "contentHash", "experimentId", "retiredAt", "createdAt", "updatedAt")
SELECT "id", "deckId", "slug", "type", "section", "position", COALESCE("content" -> 'tags', '[]'::jsonb), "content", "contentHash", "experimentId", "retiredAt", "createdAt", "updatedAt"
FROM "Card";

-- DropIndex
DROP INDEX "Card_deckId_slug_key";

-- The card keeps its id and becomes card 1 of its note (a cloze card becomes the card of its lowest deletion number).
ALTER TABLE "Card" ADD COLUMN "noteId" TEXT, ADD COLUMN "ordinal" INTEGER;
UPDATE "Card" c SET "noteId" = c."id", "ordinal" = CASE WHEN c."type" = 'cloze' THEN COALESCE((
    SELECT MIN(n) FROM generate_series(1, 999) AS n WHERE strpos(c."content" -> 'text' ->> 'en', '{{c' || n || '::') > 0
  ), 1) ELSE 1 END;

-- AlterTable
ALTER TABLE "Card" DROP COLUMN "content",
DROP COLUMN "contentHash",
DROP COLUMN "experimentId",
DROP COLUMN "section",
DROP COLUMN "slug",
DROP COLUMN "type",
ALTER COLUMN "noteId" SET NOT NULL,
ALTER COLUMN "ordinal" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Note_deckId_position_idx" ON "Note"("deckId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Note_deckId_slug_key" ON "Note"("deckId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "Card_noteId_ordinal_key" ON "Card"("noteId", "ordinal");

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_deckId_fkey" FOREIGN KEY ("deckId") REFERENCES "Deck"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Card" ADD CONSTRAINT "Card_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "Note"("id") ON DELETE CASCADE ON UPDATE CASCADE;
