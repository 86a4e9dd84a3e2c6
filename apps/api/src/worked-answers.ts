import { ZLabRunRequest, type TCard, type TLabRunRequest } from '@recurrence/contracts';
import type { Database } from '@recurrence/db';
import type { LabService } from './lab/lab-service';
import { startLabRun } from './services/lab-runs';

/** The lab run request behind a card's worked answer (its experiment with the card's parameters, seed 0). */
export function workedAnswerRequest(card: TCard): TLabRunRequest | null {
  if (!card.experiment) return null;
  const parsed = ZLabRunRequest.safeParse({ experiment: card.experiment.id, params: card.experiment.params ?? {}, seed: 0 });
  return parsed.success ? parsed.data : null;
}

/**
 * Queues every distinct worked answer the cards name that is not cached yet, so the default results are there
 * when someone reveals the card. Identical requests share one run.
 */
export async function warmWorkedAnswers(db: Database, runner: LabService): Promise<{ requested: number; invalid: string[] }> {
  const cards = await db.prisma.note.findMany({ where: { retiredAt: null, experimentId: { not: null } }, select: { slug: true, content: true } });
  const invalid: string[] = [];
  const seen = new Set<string>();
  let requested = 0;
  for (const { slug, content } of cards) {
    const request = workedAnswerRequest(content as TCard);
    if (!request) {
      invalid.push(slug);
      continue;
    }
    const key = JSON.stringify(request);
    if (seen.has(key)) continue;
    seen.add(key);
    await startLabRun(db, runner, null, request);
    requested++;
  }
  return { requested, invalid };
}
