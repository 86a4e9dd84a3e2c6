import { DEFAULT_STUDY_SETTINGS, type TStudySettings, type TStudySettingsPatch } from '@recurrence/contracts';
import { Prisma, type PrismaClient } from '@recurrence/db';
import { dayNumber, MS_PER_DAY } from '@recurrence/srs';
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
    utcOffsetMinutes: row.utcOffsetMinutes,
    personalisedWeights: weights !== null,
    weights,
  };
}

/** Settings are read on every study request and change rarely: cached per user (see ReadCache). */
const cache = new ReadCache<string, TUserSettings>({ limit: 10_000 });

export async function getSettings(prisma: PrismaClient, userId: string): Promise<TUserSettings> {
  return cache.get(userId, async () => fromRow(await prisma.studySettings.findUnique({ where: { userId } })));
}

export async function updateSettings(prisma: PrismaClient, userId: string, patch: TStudySettingsPatch): Promise<TUserSettings> {
  const row = await prisma.studySettings.upsert({ where: { userId }, create: { userId, ...patch }, update: patch });
  cache.forget(userId);
  return fromRow(row);
}

/** Stores fitted FSRS parameters (null: back to the defaults). */
export async function setWeights(prisma: PrismaClient, userId: string, weights: number[] | null): Promise<void> {
  const value = weights ?? Prisma.DbNull;
  await prisma.studySettings.upsert({ where: { userId }, create: { userId, fsrsWeights: value }, update: { fsrsWeights: value } });
  cache.forget(userId);
}

export function publicSettings(s: TUserSettings): TStudySettings {
  const { weights: _weights, ...rest } = s;
  return rest;
}

/** Start of the user's current day (local midnight at their UTC offset), as a UTC instant; srs defines the day. */
export function startOfUserDay(now: Date, utcOffsetMinutes: number): Date {
  return new Date(dayNumber(now, utcOffsetMinutes) * MS_PER_DAY - utcOffsetMinutes * 60_000);
}

export const nextUserDay = (now: Date, utcOffsetMinutes: number) => new Date(startOfUserDay(now, utcOffsetMinutes).getTime() + MS_PER_DAY);
