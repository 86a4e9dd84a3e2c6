import type { TOptimizeResponse, TRating } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import type { ComputePool } from '../compute/compute-pool';
import { getSettings, setWeights } from './settings';

/** Fits FSRS to the user's own reviews; keeps the fit only when it predicts those reviews better. */
export async function optimizeForUser(prisma: PrismaClient, compute: ComputePool, userId: string): Promise<TOptimizeResponse> {
  const settings = await getSettings(prisma, userId);
  const rows = await prisma.reviewLog.findMany({ where: { userId, undoneAt: null }, orderBy: { reviewedAt: 'asc' }, select: { cardId: true, rating: true, reviewedAt: true } });
  const result = await compute.run('optimize', {
    log: rows.map((r) => ({ cardId: r.cardId, rating: r.rating as TRating, reviewedAt: r.reviewedAt })),
    options: { ...(settings.weights ? { currentWeights: settings.weights } : {}), timeZone: settings.timeZone },
  });
  if (result.status === 'not-enough-reviews') return result;
  if (result.improved) {
    await setWeights(prisma, userId, result.weights);
  }
  return { status: 'ok', reviewsUsed: result.reviewsUsed, logLossBefore: result.logLossBefore, logLossAfter: result.logLossAfter, applied: result.improved, weights: result.weights };
}
