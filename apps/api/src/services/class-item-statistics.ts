import type { TClassItemStatistics } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';
import { classToTeach, type Viewer } from './class-access';
import type { TAttemptsToAnalyse } from './item-statistics';
import { quizSetStatistics } from './quiz-results';

/**
 * The class dashboard's per-question figures: for each quiz set assigned to the class, the set's item statistics over
 * this class's attempts (quizSetStatistics, restricted to the class). Only the class's instructor and admins see them.
 */
export async function classItemStatistics(prisma: PrismaClient, viewer: Viewer, classId: string, query: { attempts: TAttemptsToAnalyse }, now: Date): Promise<TClassItemStatistics> {
  await classToTeach(prisma, viewer, classId);
  const assignments = await prisma.quizAssignment.findMany({ where: { classId }, select: { quizSetId: true }, orderBy: { assignedAt: 'asc' } });
  const sets = [];
  // One set after another: each closes its expired attempts first, and a pool of connections is shared.
  for (const { quizSetId } of assignments) sets.push(await quizSetStatistics(prisma, viewer, quizSetId, { classId, attempts: query.attempts }, now));
  return { classId, attempts: query.attempts, sets };
}
