-- Notes and cards (ARCHITECTURE.md, "Notes and cards"). Until now a Card row was both what the author wrote and what
-- was studied. Each becomes a Note with the same id, holding the content, and stays a Card (same id, so every
-- CardState and ReviewLog row keeps pointing at it) that is card 1 of its note — for a cloze note, the card of its
-- lowest deletion number. The other cards of the note (the other deletions, a reversed card) are created by the deck sync
-- at the next start, as new cards.

-- AlterTable
ALTER TABLE "ReviewLog" ADD COLUMN "answer" JSONB;

-- CreateTable
CREATE TABLE "Note" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deckId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "tags" JSONB NOT NULL,
    "content" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "experimentId" TEXT,
    "retiredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Note_deckId_fkey" FOREIGN KEY ("deckId") REFERENCES "Deck" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- One note per card of the old model, with the id of the card.
INSERT INTO "Note" ("id", "deckId", "slug", "type", "section", "position", "tags", "content", "contentHash", "experimentId", "retiredAt", "createdAt", "updatedAt")
SELECT "id", "deckId", "slug", "type", "section", "position", COALESCE(json_extract("content", '$.tags'), '[]'), "content", "contentHash", "experimentId", "retiredAt", "createdAt", "updatedAt"
FROM "Card";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Card" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "noteId" TEXT NOT NULL,
    "deckId" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "retiredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Card_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "Note" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Card_deckId_fkey" FOREIGN KEY ("deckId") REFERENCES "Deck" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- The card keeps its id and becomes card 1 of its note (a cloze card becomes the card of its lowest deletion number).
INSERT INTO "new_Card" ("id", "noteId", "deckId", "ordinal", "position", "retiredAt", "createdAt", "updatedAt")
SELECT c."id", c."id", c."deckId",
    CASE WHEN c."type" = 'cloze' THEN COALESCE((
        WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 999)
        SELECT MIN(n) FROM k WHERE instr(json_extract(c."content", '$.text.en'), '{{c' || n || '::') > 0
    ), 1) ELSE 1 END,
    c."position", c."retiredAt", c."createdAt", c."updatedAt"
FROM "Card" c;
DROP TABLE "Card";
ALTER TABLE "new_Card" RENAME TO "Card";
CREATE INDEX "Card_deckId_position_idx" ON "Card"("deckId", "position");
CREATE UNIQUE INDEX "Card_noteId_ordinal_key" ON "Card"("noteId", "ordinal");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Note_deckId_position_idx" ON "Note"("deckId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Note_deckId_slug_key" ON "Note"("deckId", "slug");
