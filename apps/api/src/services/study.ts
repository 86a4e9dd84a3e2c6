import { cardBack, cardFront, isServerGraded, type TCardActionKind, type TCheckRequest, type TCheckResponse, type TNextCardResponse, type TNote, type TRating, type TReviewRequest, type TReviewResponse, type TStudyCard, type TStudyCardView, type TUndoResponse } from '@recurrence/contracts';
import { transaction, type CardRecord, type Database, type MemoryFields, type PrismaClient, type ReplayRecord, type StateRecord, type StudyCandidate } from '@recurrence/db';
import { memoryStateFromJson, memoryStateToJson, newMemoryState, type TMemoryState, type TMemoryStateJson, type TScheduler } from '@recurrence/srs';
import { conflict, isUniqueViolation, notFound } from '../errors';
import { choiceOrder, gradeAnswer } from './answers';
import { cardToRead, deckAccess, deckToRead, studiedDeckIds, type DeckViewer } from './deck-access';
import { sortableId } from '../sortable-id';
import { activeInterview, schedulerFor } from './scheduling';
import { getSettings, nextUserDay, startOfUserDay } from './settings';

type StateRow = Pick<StateRecord, 'state' | 'due' | 'stability' | 'difficulty' | 'scheduledDays' | 'learningSteps' | 'reps' | 'lapses' | 'lastReview'>;
type PrismaStateRow = Awaited<ReturnType<PrismaClient['cardState']['findUniqueOrThrow']>>;

const RATINGS: TRating[] = [1, 2, 3, 4];

export function toMemoryState(row: StateRow): TMemoryState {
  return {
    state: row.state as TMemoryState['state'],
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    scheduledDays: row.scheduledDays,
    learningSteps: row.learningSteps,
    reps: row.reps,
    lapses: row.lapses,
    lastReview: row.lastReview,
  };
}

export function stateFields(s: TMemoryState): MemoryFields {
  return {
    state: s.state,
    due: s.due,
    stability: s.stability,
    difficulty: s.difficulty,
    scheduledDays: s.scheduledDays,
    learningSteps: s.learningSteps,
    reps: s.reps,
    lapses: s.lapses,
    lastReview: s.lastReview,
  };
}

/** A user, as study sees them: their id, and their role for the deck access rule. */
export type Student = NonNullable<DeckViewer>;

/**
 * The card to study now: the most overdue card in learning or review first, then the next new card in deck
 * order, within the user's daily limits. Suspended, buried and retired cards are skipped. Without a deck, the queue
 * spans the decks the user studies (built-in, their own, assigned to their classes for study); a deck they may not
 * read is 404. One call to the study store (one statement on PostgreSQL, two or three prepared ones on SQLite).
 */
export async function nextCard(db: Database, student: Student, deckId: string | undefined, now: Date): Promise<TNextCardResponse> {
  const userId = student.id;
  const [settings, deckIds] = await Promise.all([
    getSettings(db.prisma, userId),
    deckId ? deckToRead(db.prisma, student, deckId, 'query.deckId').then(() => [deckId]) : studiedDeckIds(db.prisma, userId),
  ]);
  const since = startOfUserDay(now, settings.timeZone);
  const queue = await db.study.queue({ userId, deckIds, since, now, reviewLimit: settings.reviewsPerDay, newLimit: settings.newCardsPerDay });
  const found = queue.counts;
  const newLeftToday = Math.max(0, settings.newCardsPerDay - found.introducedToday);
  const reviewsLeftToday = Math.max(0, settings.reviewsPerDay - found.reviewsToday);
  const counts = { due: Math.min(found.due, reviewsLeftToday), new: Math.min(found.untouched + found.newStates, newLeftToday) };
  let next: StudyCandidate | null = (counts.due > 0 ? queue.firstDue : null) ?? (counts.new > 0 ? queue.firstNew : null);
  let nextDue: string | null = null;
  if (!next) {
    const upcoming = reviewsLeftToday > 0 ? await firstUpcoming(db.prisma, userId, deckIds, now) : null;
    // Anki's learn-ahead limit: with nothing else to study, a learning card due within it is shown now.
    if (upcoming && upcoming.state.state !== 'review' && upcoming.state.due.getTime() <= now.getTime() + LEARN_AHEAD_MS) next = upcoming;
    else {
      // New cards held back by today's limit come at the start of the user's next day, which may be before the first
      // scheduled card: "due in 6 days" would be wrong when a new card is there tomorrow.
      const tomorrow = nextUserDay(now, settings.timeZone);
      const newTomorrow = found.untouched + found.newStates > 0 && settings.newCardsPerDay > 0;
      const due = reviewsLeftToday > 0 ? (upcoming?.state.due ?? null) : tomorrow;
      nextDue = (newTomorrow && (!due || due.getTime() > tomorrow.getTime()) ? tomorrow : due)?.toISOString() ?? null;
    }
  }
  if (!next) return { next: null, counts, nextDue };
  // Previews use the scheduler that will rate the card: capped toward an interview covering its deck.
  const scheduler = schedulerFor(settings, await activeInterview(db.prisma, userId, next.card.deckId, now));
  const memory = next.state ? toMemoryState(next.state) : newMemoryState(now);
  return { next: studyCard(scheduler, userId, next.card, memory, next.state?.version ?? 0, now), counts, nextDue };
}

/** Anki's default learn-ahead limit. */
const LEARN_AHEAD_MS = 20 * 60_000;

/**
 * The user's next card to fall due (learning, relearning or review; available, not retired), read only when nothing
 * is due now: for the learn-ahead limit and for saying when to come back.
 */
async function firstUpcoming(prisma: PrismaClient, userId: string, deckIds: string[], now: Date): Promise<(StudyCandidate & { state: StateRecord }) | null> {
  const row = await prisma.cardState.findFirst({
    where: { userId, deckId: { in: deckIds }, suspended: false, state: { not: 'new' }, card: { retiredAt: null }, OR: [{ buriedUntil: null }, { buriedUntil: { lte: now } }] },
    orderBy: { due: 'asc' },
    include: { card: { include: { note: { select: { slug: true, content: true } } } } },
  });
  if (!row) return null;
  const { card, ...state } = row;
  return {
    card: { id: card.id, deckId: card.deckId, noteId: card.noteId, ordinal: card.ordinal, slug: card.note.slug, content: card.note.content },
    state: { ...state, version: state.version },
  };
}

/** The choice ids of a multiple-choice note in the order this review shows them (empty for other types). */
function shownChoices(userId: string, card: CardRecord, reps: number): string[] {
  const note = card.content as TNote;
  return note.type === 'multiple-choice' ? choiceOrder(userId, card.id, reps, note.choices.map((c) => c.id)) : [];
}

/** A card as study shows it: its front (choices shuffled for this review), and its back unless the server grades it. */
export function studyCardView(userId: string, card: CardRecord, reps: number): TStudyCardView {
  const note = card.content as TNote;
  return {
    id: card.id,
    noteId: card.noteId,
    deckId: card.deckId,
    slug: card.slug,
    ordinal: card.ordinal,
    front: cardFront(note, card.ordinal, shownChoices(userId, card, reps)),
    back: isServerGraded(note) ? null : cardBack(note, card.ordinal),
  };
}

function studyCard(scheduler: TScheduler, userId: string, card: CardRecord, memory: TMemoryState, version: number, now: Date): TStudyCard {
  const preview = scheduler.preview(memory, now);
  return {
    card: studyCardView(userId, card, memory.reps),
    state: memory.state,
    version,
    due: memory.due.toISOString(),
    previews: RATINGS.map((rating) => ({ rating, due: preview[rating].due.toISOString(), intervalMs: preview[rating].due.getTime() - now.getTime() })),
  };
}

/**
 * Records a rating and reschedules the card. Idempotent by (user, clientId): a retry returns the first result.
 * Concurrent ratings of one card are serialised by the state's version: the loser gets 409.
 *
 * From the working set the context comes without the replay lookup ('unchecked'): a retry then computes a
 * schedule from the state its first attempt left, the write refuses its reused clientId (`duplicate`), and the
 * first attempt's result is read from the database — the retry is answered the same either way.
 */
export async function submitReview(db: Database, student: Student, input: TReviewRequest, now: Date): Promise<TReviewResponse> {
  const userId = student.id;
  const context = await db.study.reviewContext(userId, input.cardId, input.clientId);
  const replay = () => (context.replay === 'unchecked' ? db.study.findReplay(userId, input.clientId) : context.replay);
  if (context.replay !== 'unchecked' && context.replay) return replayOf(context.replay, input);
  const card = context.card;
  // A card of a deck the user may not read is as good as absent.
  if (!card || !(await deckAccess(db.prisma, student, card.deckId))) throw notFound(`no card ${input.cardId}`, 'body.cardId');
  const version = context.state?.version ?? 0;
  if (input.expectedVersion !== undefined && input.expectedVersion !== version) {
    const previous = await replay();
    if (previous) return replayOf(previous, input);
    throw conflict('this card was rated elsewhere since you loaded it; reload to see its new state', 'body.expectedVersion');
  }
  const scheduler = schedulerFor(await getSettings(db.prisma, userId), await activeInterview(db.prisma, userId, card.deckId, now));
  const before = context.state ? toMemoryState(context.state) : newMemoryState(now);
  let answerJson = null;
  if (input.answer) {
    const record = await db.study.card(card.id);
    if (!record) throw notFound(`no card ${input.cardId}`, 'body.cardId');
    answerJson = gradeAnswer(record.content as TNote, record.ordinal, input.answer, 'body.answer', shownChoices(userId, record, before.reps)).logged;
  }
  const after = scheduler.scheduleNext(before, input.rating, now);
  const reviewId = sortableId();
  const result = await db.study.saveReview({
    reviewId,
    userId,
    cardId: card.id,
    deckId: card.deckId,
    clientId: input.clientId,
    rating: input.rating,
    durationMs: input.durationMs,
    now,
    version,
    stateBefore: before.state,
    after: stateFields(after),
    beforeJson: memoryStateToJson(before),
    afterJson: memoryStateToJson(after),
    answerJson,
  });
  if (result.kind === 'saved') {
    return { reviewId, cardId: card.id, rating: input.rating, state: after.state, due: after.due.toISOString(), version: result.version, duplicate: false };
  }
  // Lost a race. If it was against a retry of this same rating (same clientId), answer as a replay of the one that
  // landed; otherwise another rating changed the card first.
  const raced = await db.study.findReplay(userId, input.clientId);
  if (raced) return replayOf(raced, input);
  throw conflict('this card was rated elsewhere at the same time; reload to see its new state', 'body.cardId');
}

/**
 * Grades an answer to a card graded on the server and returns the card's back: nothing is written (the rating that
 * follows carries the answer again, and the review log keeps it then).
 */
export async function checkAnswer(db: Database, student: Student, input: TCheckRequest): Promise<TCheckResponse> {
  const card = await db.study.card(input.cardId);
  // The back is the answer key: only for readers of the deck (a quiz set's deck is not its students' to read).
  if (!card || !(await deckAccess(db.prisma, student, card.deckId))) throw notFound(`no card ${input.cardId}`, 'body.cardId');
  const note = card.content as TNote;
  const { logged: _logged, ...graded } = gradeAnswer(note, card.ordinal, input.answer, 'body.answer');
  return { cardId: card.id, ...graded, back: cardBack(note, card.ordinal) };
}

function replayOf(previous: ReplayRecord, input: TReviewRequest): TReviewResponse {
  if (previous.cardId !== input.cardId || previous.rating !== input.rating) {
    throw conflict('this clientId was already used for a different rating', 'body.clientId');
  }
  const after = previous.after as TMemoryStateJson;
  return { reviewId: previous.reviewId, cardId: previous.cardId, rating: previous.rating as TRating, state: after.state, due: after.due, version: previous.version, duplicate: true };
}

/**
 * Undoes the user's latest rating, bury or (un)suspension that is still in effect, whichever came last: a rating's
 * card gets back the state it had before (the log entry is kept, marked undone: statistics and parameter fitting skip
 * it); a bury or suspension is lifted (or a suspension put back). Repeated undos walk back.
 */
export async function undoLastReview(db: Database, userId: string): Promise<TUndoResponse> {
  const now = new Date();
  const [action, rating] = await Promise.all([
    db.prisma.cardAction.findFirst({ where: { userId, undoneAt: null }, orderBy: [{ at: 'desc' }, { id: 'desc' }] }),
    db.prisma.reviewLog.findFirst({ where: { userId, undoneAt: null }, orderBy: [{ reviewedAt: 'desc' }, { id: 'desc' }], select: { reviewedAt: true } }),
  ]);
  if (action && (!rating || action.at.getTime() >= rating.reviewedAt.getTime())) {
    const before = action.before as TActionBefore;
    try {
      await transaction(db.prisma, async (tx) => {
        const row = await tx.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId, cardId: action.cardId } } });
        await tx.cardState.update({
          where: { userId_cardId: { userId, cardId: action.cardId } },
          data: {
            suspended: before.suspended,
            buriedUntil: before.buriedUntil === null ? null : new Date(before.buriedUntil),
            ...(before.memory ? stateFields(memoryStateFromJson(before.memory)) : {}),
            version: row.version + 1,
          },
        });
        await tx.cardAction.update({ where: { id: action.id }, data: { undoneAt: now } });
      });
    } finally {
      db.study.forgetUser(userId);
    }
    return { undone: { kind: action.kind as TCardActionKind, reviewId: action.id, cardId: action.cardId, rating: null } };
  }
  const undone = await db.study.undoLast(userId, now, (before) => stateFields(memoryStateFromJson(before as TMemoryStateJson)));
  return { undone: undone ? { kind: 'rating', ...undone } : null };
}

/** What a CardAction remembers of the state it replaced: the flags, and the memory state when it changed it. */
type TActionBefore = { suspended: boolean; buriedUntil: string | null; memory?: TMemoryStateJson };

/** The user's state row for a card, created (as new) when they never studied it. */
async function ensureState(prisma: PrismaClient, userId: string, cardId: string, now: Date) {
  const card = await prisma.card.findUnique({ where: { id: cardId }, select: { id: true, deckId: true } });
  if (!card) throw notFound(`no card ${cardId}`, 'params.cardId');
  const existing = await prisma.cardState.findUnique({ where: { userId_cardId: { userId, cardId } } });
  if (existing) return existing;
  try {
    return await prisma.cardState.create({ data: { userId, cardId, deckId: card.deckId, ...stateFields(newMemoryState(now)) } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return prisma.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId, cardId } } });
  }
}

const stateChange = (row: PrismaStateRow) => ({ cardId: row.cardId, suspended: row.suspended, buriedUntil: row.buriedUntil?.toISOString() ?? null });

/** Hides a card until the start of the user's next day. */
export async function buryCard(db: Database, student: Student, cardId: string, now: Date) {
  const [settings] = await Promise.all([getSettings(db.prisma, student.id), cardToRead(db.prisma, student, cardId)]);
  return changeState(db, student.id, cardId, now, 'bury', { buriedUntil: nextUserDay(now, settings.timeZone) });
}

/** Takes a card out of study until it is unsuspended; its schedule is kept. */
export async function setSuspended(db: Database, student: Student, cardId: string, suspended: boolean, now: Date) {
  await cardToRead(db.prisma, student, cardId);
  return changeState(db, student.id, cardId, now, suspended ? 'suspend' : 'unsuspend', { suspended });
}

/**
 * Writes a card's state row through Prisma (the caller checked the user may read the card), with a CardAction that remembers what it replaced (for Undo), and has the
 * study working set read the user again whatever happened. `change` may compute the new memory state from the current
 * one (reset, reschedule); it runs inside the transaction, so a rating that landed first is what it changes.
 */
export async function changeState(
  db: Database,
  userId: string,
  cardId: string,
  now: Date,
  kind: TCardActionKind,
  change: { suspended?: boolean; buriedUntil?: Date } | ((current: TMemoryState) => MemoryFields),
) {
  try {
    await ensureState(db.prisma, userId, cardId, now);
    const row = await transaction(db.prisma, async (tx) => {
      const current = await tx.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId, cardId } } });
      const memory = typeof change === 'function' ? toMemoryState(current) : null;
      const before: TActionBefore = { suspended: current.suspended, buriedUntil: current.buriedUntil?.toISOString() ?? null, ...(memory ? { memory: memoryStateToJson(memory) } : {}) };
      await tx.cardAction.create({ data: { userId, cardId, kind, at: now, before } });
      const data = typeof change === 'function' ? change(toMemoryState(current)) : change;
      return tx.cardState.update({ where: { userId_cardId: { userId, cardId } }, data: { ...data, version: current.version + 1 } });
    });
    return stateChange(row);
  } finally {
    db.study.forgetUser(userId);
  }
}
