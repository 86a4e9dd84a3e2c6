import { verify } from '@node-rs/argon2';
import { USER_EXPORT_FORMAT, USER_EXPORT_VERSION, type TRole, type TUserExport } from '@recurrence/contracts';
import { transaction, type Database, type PrismaClient } from '@recurrence/db';
import { badRequest, conflict, HttpError } from '../errors';
import { forgetInterviewPlans } from './scheduling';
import { forgetUserSessions } from './sessions';
import { forgetSettings } from './settings';
import { toMemoryState } from './study';

type UserRow = Awaited<ReturnType<PrismaClient['user']['findUniqueOrThrow']>>;

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => d?.toISOString() ?? null;
const ACTIVE_RUN = ['queued', 'running'];

/**
 * Everything the database keeps about one user, read in one transaction (a consistent snapshot): their profile,
 * settings, interview plans, sessions and devices (dates only, never tokens), their decks with notes, cards and media
 * names, card states, every review and card action, class memberships, the classes and quiz sets they own, their quiz
 * attempts with every answer, and the lab runs they started. Nothing of another user: a class's students are a count.
 * Held in memory while it is sent: a user with 100,000 reviews makes an export of roughly 60 MB.
 */
export async function exportUserData(prisma: PrismaClient, userId: string, now = new Date()): Promise<TUserExport> {
  return transaction(
    prisma,
    async (tx) => {
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
      // One query after another: an interactive transaction holds one connection.
      const settings = await tx.studySettings.findUnique({ where: { userId } });
      const plans = await tx.interviewPlan.findMany({ where: { userId }, orderBy: { deckId: 'asc' } });
      const sessions = await tx.session.findMany({ where: { userId }, orderBy: { createdAt: 'asc' }, select: { createdAt: true, lastSeenAt: true, expiresAt: true } });
      const devices = await tx.knownDevice.findMany({ where: { userId }, orderBy: { createdAt: 'asc' }, select: { createdAt: true, lastUsedAt: true } });
      const decks = await tx.deck.findMany({
        where: { ownerId: userId },
        orderBy: { createdAt: 'asc' },
        include: {
          notes: { orderBy: { position: 'asc' } },
          cards: { orderBy: { position: 'asc' } },
          media: { orderBy: { name: 'asc' }, select: { name: true, contentType: true, size: true, createdAt: true } },
        },
      });
      const states = await tx.cardState.findMany({ where: { userId }, orderBy: { cardId: 'asc' } });
      const reviews = await tx.reviewLog.findMany({ where: { userId }, orderBy: [{ reviewedAt: 'asc' }, { id: 'asc' }] });
      const actions = await tx.cardAction.findMany({ where: { userId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
      const memberships = await tx.classMember.findMany({ where: { userId }, orderBy: { joinedAt: 'asc' }, include: { class: { select: { name: true } } } });
      const classes = await tx.classroom.findMany({
        where: { ownerId: userId },
        orderBy: { createdAt: 'asc' },
        include: { assignments: { select: { quizSetId: true }, orderBy: { assignedAt: 'asc' } }, _count: { select: { members: true } } },
      });
      const quizSets = await tx.quizSet.findMany({ where: { ownerId: userId }, orderBy: { createdAt: 'asc' } });
      const attempts = await tx.quizAttempt.findMany({ where: { userId }, orderBy: { startedAt: 'asc' }, include: { responses: { orderBy: { slot: 'asc' } } } });
      const runs = await tx.labRun.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
      return {
        format: USER_EXPORT_FORMAT,
        version: USER_EXPORT_VERSION,
        exportedAt: iso(now),
        profile: {
          id: user.id,
          email: user.email,
          displayName: user.displayName,
          role: user.role as TRole,
          isGuest: user.isGuest,
          createdAt: iso(user.createdAt),
          updatedAt: iso(user.updatedAt),
        },
        settings: settings && {
          desiredRetention: settings.desiredRetention,
          maximumIntervalDays: settings.maximumIntervalDays,
          newCardsPerDay: settings.newCardsPerDay,
          reviewsPerDay: settings.reviewsPerDay,
          learningSteps: settings.learningSteps,
          relearningSteps: settings.relearningSteps,
          fsrsWeights: settings.fsrsWeights,
          timeZone: settings.timeZone,
          updatedAt: iso(settings.updatedAt),
        },
        interviewPlans: plans.map((p) => ({ deckId: p.deckId, date: iso(p.date), targetRetention: p.targetRetention, createdAt: iso(p.createdAt) })),
        sessions: sessions.map((s) => ({ createdAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt), expiresAt: iso(s.expiresAt) })),
        knownDevices: devices.map((d) => ({ createdAt: iso(d.createdAt), lastUsedAt: iso(d.lastUsedAt) })),
        decks: decks.map((d) => ({
          id: d.id,
          title: d.title,
          description: d.description,
          source: d.source,
          createdAt: iso(d.createdAt),
          updatedAt: iso(d.updatedAt),
          notes: d.notes.map((n) => ({
            id: n.id,
            slug: n.slug,
            type: n.type,
            section: n.section,
            position: n.position,
            tags: n.tags,
            content: n.content,
            retiredAt: isoOrNull(n.retiredAt),
            createdAt: iso(n.createdAt),
            updatedAt: iso(n.updatedAt),
          })),
          cards: d.cards.map((c) => ({ id: c.id, noteId: c.noteId, ordinal: c.ordinal, position: c.position, retiredAt: isoOrNull(c.retiredAt) })),
          media: d.media.map((m) => ({ name: m.name, contentType: m.contentType, size: m.size, createdAt: iso(m.createdAt) })),
        })),
        cardStates: states.map((s) => {
          const memory = toMemoryState(s);
          return {
            cardId: s.cardId,
            deckId: s.deckId,
            ...memory,
            due: iso(memory.due),
            lastReview: isoOrNull(memory.lastReview),
            suspended: s.suspended,
            buriedUntil: isoOrNull(s.buriedUntil),
            updatedAt: iso(s.updatedAt),
          };
        }),
        reviews: reviews.map((r) => ({
          id: r.id,
          cardId: r.cardId,
          clientId: r.clientId,
          rating: r.rating,
          stateBefore: r.stateBefore,
          reviewedAt: iso(r.reviewedAt),
          durationMs: r.durationMs,
          before: r.before,
          after: r.after,
          answer: r.answer,
          undoneAt: isoOrNull(r.undoneAt),
        })),
        cardActions: actions.map((a) => ({ id: a.id, cardId: a.cardId, kind: a.kind, at: iso(a.at), before: a.before, undoneAt: isoOrNull(a.undoneAt) })),
        classMemberships: memberships.map((m) => ({ classId: m.classId, className: m.class.name, joinedAt: iso(m.joinedAt) })),
        classesTaught: classes.map((c) => ({
          id: c.id,
          name: c.name,
          description: c.description,
          joinCode: c.joinCode,
          joinOpen: c.joinOpen,
          createdAt: iso(c.createdAt),
          quizSetIds: c.assignments.map((a) => a.quizSetId),
          memberCount: c._count.members,
        })),
        quizSets: quizSets.map((q) => ({
          id: q.id,
          deckId: q.deckId,
          title: q.title,
          visibility: q.visibility,
          timeLimitSeconds: q.timeLimitSeconds,
          maxAttempts: q.maxAttempts,
          questionCount: q.questionCount,
          shuffleQuestions: q.shuffleQuestions,
          shuffleChoices: q.shuffleChoices,
          showAnswers: q.showAnswers,
          createdAt: iso(q.createdAt),
        })),
        quizAttempts: attempts.map((a) => ({
          id: a.id,
          quizSetId: a.quizSetId,
          classId: a.classId,
          number: a.number,
          status: a.status,
          startedAt: iso(a.startedAt),
          deadline: isoOrNull(a.deadline),
          submittedAt: isoOrNull(a.submittedAt),
          score: a.score,
          maxScore: a.maxScore,
          responses: a.responses.map((r) => ({
            slot: r.slot,
            cardId: r.cardId,
            noteId: r.noteId,
            ordinal: r.ordinal,
            content: r.content,
            choiceOrder: r.choiceOrder,
            answer: r.answer,
            answeredAt: isoOrNull(r.answeredAt),
            autoMark: r.autoMark,
            mark: r.mark,
            comment: r.comment,
            gradedAt: isoOrNull(r.gradedAt),
          })),
        })),
        labRuns: runs.map((r) => ({
          id: r.id,
          experiment: r.experiment,
          params: r.params,
          seed: r.seed,
          codeVersion: r.codeVersion,
          status: r.status,
          backend: r.backend,
          result: r.result,
          error: r.error,
          createdAt: iso(r.createdAt),
          startedAt: isoOrNull(r.startedAt),
          finishedAt: isoOrNull(r.finishedAt),
        })),
      };
    },
    { timeout: 60_000 },
  );
}

/** The file name the export is offered under: recurrence-export-<date>.json. */
export const exportFileName = (now: Date) => `recurrence-export-${now.toISOString().slice(0, 10)}.json`;

/** Checks the password that confirms a deletion; a guest has none to give. 400 when missing, 403 when wrong. */
export async function confirmPassword(user: UserRow, password: string | undefined): Promise<void> {
  if (!user.passwordHash) return;
  if (password === undefined) throw badRequest('body.password', 'type your password to confirm');
  if (!(await verify(user.passwordHash, password))) throw new HttpError(403, 'the password is wrong', 'body.password');
}

export type TAccountDeletion = { userId: string; runsToCancel: string[] };

/**
 * Deletes a user and everything they own, in one transaction (a failure leaves everything as it was):
 * - their decks, with the decks' notes, cards, media and quiz sets, and whatever anyone recorded on those cards
 *   (other users' card states, reviews and interview plans of them, attempts at the quiz sets) — a deck goes with
 *   its author, as when they delete it themselves;
 * - the classes they teach, with their assignments and memberships: the students stay, their attempts at the
 *   deleted instructor's quiz sets go with the quiz sets (attempts at other owners' sets stay, without the class);
 * - their sessions, devices, settings, interview plans, card states, reviews, card actions, memberships, attempts
 *   and lab-run watches; the lab runs they started unless someone else still watches one (those stay, anonymous,
 *   as runs the server starts are); runs still in progress that nobody else watches are cancelled;
 * - grades they gave on others' attempts keep the mark and comment but no longer name them (gradedById null);
 * - their rate-limit counters (per-user limits, failed sign-ins of their email).
 * The last admin is refused (409): an instance must keep someone who can administer it.
 */
export async function deleteAccount(db: Database, user: UserRow): Promise<TAccountDeletion> {
  const userId = user.id;
  const { deckIds, affectedUsers, runsToCancel } = await transaction(
    db.prisma,
    async (tx) => {
      if (user.role === 'admin') {
        if (db.provider === 'postgresql') await tx.$queryRaw`SELECT "id" FROM "User" WHERE "role" = 'admin' FOR UPDATE`;
        if ((await tx.user.count({ where: { role: 'admin', id: { not: userId } } })) === 0) {
          throw conflict('you are the only admin: make another account an admin before deleting yours');
        }
      }
      const deckIds = (await tx.deck.findMany({ where: { ownerId: userId }, select: { id: true } })).map((d) => d.id);
      // Other users whose study state goes with these decks: their cached working sets are dropped afterwards.
      const affected = deckIds.length
        ? await tx.cardState.findMany({ where: { deckId: { in: deckIds }, userId: { not: userId } }, distinct: ['userId'], select: { userId: true } })
        : [];
      const orphaned = await tx.labRun.findMany({
        where: { status: { in: ACTIVE_RUN }, userId: { not: null }, watchers: { some: { userId }, none: { userId: { not: userId } } } },
        select: { id: true },
      });
      await tx.labRun.deleteMany({ where: { userId, status: { notIn: ACTIVE_RUN }, watchers: { none: { userId: { not: userId } } } } });
      await tx.quizResponse.updateMany({ where: { gradedById: userId }, data: { gradedById: null } });
      const plansOnDecks = deckIds.length ? await tx.interviewPlan.findMany({ where: { deckId: { in: deckIds } }, select: { userId: true } }) : [];
      await tx.interviewPlan.deleteMany({ where: { deckId: { in: deckIds } } });
      await tx.deck.deleteMany({ where: { ownerId: userId } });
      // Counters keyed by the user (per-user route limits, this session's failed passwords) or their email.
      await tx.rateLimitCounter.deleteMany({ where: { OR: [{ key: { contains: userId } }, ...(user.email ? [{ key: `sign-in:account:${user.email}` }] : [])] } });
      // The rest goes by the schema's ON DELETE CASCADE (and SET NULL for lab runs others still watch).
      await tx.user.delete({ where: { id: userId } });
      return { deckIds, affectedUsers: [...new Set([...affected, ...plansOnDecks].map((a) => a.userId))], runsToCancel: orphaned.map((r) => r.id) };
    },
    { timeout: 60_000 },
  );
  forgetUserSessions(db.prisma, userId);
  forgetSettings(db.prisma, userId);
  for (const id of [userId, ...affectedUsers]) {
    forgetInterviewPlans(db.prisma, id);
    db.study.forgetUser(id);
  }
  if (deckIds.length > 0) db.study.forgetCards();
  return { userId, runsToCancel };
}
