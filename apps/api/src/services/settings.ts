import { DEFAULT_STUDY_SETTINGS, type TStudySettings, type TStudySettingsPatch } from '@recurrence/contracts';
import { Prisma, type PrismaClient } from '@recurrence/db';
import { localDay } from '@recurrence/srs';
import { ReadCache } from './read-cache';

type SettingsRow = Awaited<ReturnType<PrismaClient['studySettings']['findUniqueOrThrow']>>;

export type TUserSettings = TStudySettings & { weights: number[] | null };

function fromRow(row: SettingsRow | null): TUserSettings {
  if (!row) return { ...DEFAULT_STUDY_SETTINGS, weights: null };
  const weights = Array.isArray(row.fsrsWeights) ? (row.fsrsWeights as number[]) : null;
  return {
    desiredRetention: row.desiredRetention,
    maximumIntervalDays: row.maximumIntervalDays,
    newCardsPerDay: row.newCardsPerDay,
    reviewsPerDay: row.reviewsPerDay,
    learningSteps: row.learningSteps,
    relearningSteps: row.relearningSteps,
    timeZone: row.timeZone,
    personalisedWeights: weights !== null,
    weights,
  };
}

/** Settings are read on every study request and change rarely: cached per user where this process is the only API (see ReadCache). */
const cache = new ReadCache<string, TUserSettings>({ limit: 10_000 });

export async function getSettings(prisma: PrismaClient, userId: string): Promise<TUserSettings> {
  return cache.get(prisma, userId, async () => fromRow(await prisma.studySettings.findUnique({ where: { userId } })));
}

/** For writers of settings outside this file (moving a guest's settings to an account). */
export function forgetSettings(prisma: PrismaClient, userId: string): void {
  cache.forget(prisma, userId);
}

export async function updateSettings(prisma: PrismaClient, userId: string, patch: TStudySettingsPatch): Promise<TUserSettings> {
  const row = await prisma.studySettings.upsert({ where: { userId }, create: { userId, ...patch }, update: patch });
  cache.forget(prisma, userId);
  return fromRow(row);
}

/** Stores fitted FSRS parameters (null: back to the defaults). */
export async function setWeights(prisma: PrismaClient, userId: string, weights: number[] | null): Promise<void> {
  const value = weights ?? Prisma.DbNull;
  await prisma.studySettings.upsert({ where: { userId }, create: { userId, fsrsWeights: value }, update: { fsrsWeights: value } });
  cache.forget(prisma, userId);
}

export function publicSettings(s: TUserSettings): TStudySettings {
  const { weights: _weights, ...rest } = s;
  return rest;
}

/** Start of the user's current day (local midnight in their time zone), as an instant; srs defines the day. */
export const startOfUserDay = (now: Date, timeZone: string): Date => localDay(now, timeZone).start;

/** Start of the user's next day (23 or 25 hours on a daylight-saving change). */
export const nextUserDay = (now: Date, timeZone: string): Date => localDay(now, timeZone).end;
