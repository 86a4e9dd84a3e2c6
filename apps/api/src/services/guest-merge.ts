import { transaction, type Database } from '@recurrence/db';
import { forgetInterviewPlans } from './scheduling';
import { forgetSettings } from './settings';

export type TGuestMerge = { cards: number; reviews: number };

/**
 * A guest who signs in to an existing account brings their progress along: their reviews, card actions and lab runs
 * decks they wrote move to the account; each card state moves unless the account has studied that card more recently (the later last
 * review wins, as a sync would); interview plans and settings move where the account has none. Then the guest is
 * deleted. One transaction: a failure leaves both users as they were.
 */
export async function mergeGuestInto(db: Database, guestId: string, accountId: string): Promise<TGuestMerge> {
  try {
    return await transaction(
      db.prisma,
      async (tx) => {
        const guest = await tx.user.findUnique({ where: { id: guestId }, select: { isGuest: true } });
        if (!guest?.isGuest) return { cards: 0, reviews: 0 };
        const [guestStates, accountStates] = await Promise.all([
          tx.cardState.findMany({ where: { userId: guestId } }),
          tx.cardState.findMany({ where: { userId: accountId }, select: { cardId: true, lastReview: true } }),
        ]);
        const accountLast = new Map(accountStates.map((s) => [s.cardId, s.lastReview?.getTime() ?? -1]));
        let cards = 0;
        for (const state of guestStates) {
          const mine = accountLast.get(state.cardId);
          if (mine !== undefined && mine >= (state.lastReview?.getTime() ?? -1)) continue;
          if (mine !== undefined) await tx.cardState.delete({ where: { userId_cardId: { userId: accountId, cardId: state.cardId } } });
          await tx.cardState.update({ where: { userId_cardId: { userId: guestId, cardId: state.cardId } }, data: { userId: accountId, version: state.version + 1 } });
          cards++;
        }
        const reviews = (await tx.reviewLog.updateMany({ where: { userId: guestId }, data: { userId: accountId } })).count;
        await tx.cardAction.updateMany({ where: { userId: guestId }, data: { userId: accountId } });
        await tx.labRun.updateMany({ where: { userId: guestId }, data: { userId: accountId } });
        // The guest's watched runs become the account's (a run both watched stays watched once).
        for (const { runId } of await tx.labRunWatcher.findMany({ where: { userId: guestId }, select: { runId: true } })) {
          await tx.labRunWatcher.upsert({ where: { runId_userId: { runId, userId: accountId } }, create: { runId, userId: accountId }, update: {} });
        }
        await tx.deck.updateMany({ where: { ownerId: guestId }, data: { ownerId: accountId } });
        const planDecks = new Set((await tx.interviewPlan.findMany({ where: { userId: accountId }, select: { deckId: true } })).map((p) => p.deckId));
        for (const plan of await tx.interviewPlan.findMany({ where: { userId: guestId } })) {
          if (!planDecks.has(plan.deckId)) await tx.interviewPlan.update({ where: { userId_deckId: { userId: guestId, deckId: plan.deckId } }, data: { userId: accountId } });
        }
        if (!(await tx.studySettings.findUnique({ where: { userId: accountId }, select: { userId: true } }))) {
          await tx.studySettings.updateMany({ where: { userId: guestId }, data: { userId: accountId } });
        }
        await tx.user.delete({ where: { id: guestId } });
        return { cards, reviews };
      },
      { timeout: 30_000 },
    );
  } finally {
    for (const id of [guestId, accountId]) {
      db.study.forgetUser(id);
      forgetInterviewPlans(db.prisma, id);
      forgetSettings(db.prisma, id);
    }
  }
}
