import { DEFAULT_STUDY_SETTINGS, type TStudySettings, type TStudySettingsPatch } from '@recurrence/contracts';
import type { PrismaClient } from '@recurrence/db';

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

export async function getSettings(prisma: PrismaClient, userId: string): Promise<TUserSettings> {
  return fromRow(await prisma.studySettings.findUnique({ where: { userId } }));
}

export async function updateSettings(prisma: PrismaClient, userId: string, patch: TStudySettingsPatch): Promise<TUserSettings> {
  const row = await prisma.studySettings.upsert({ where: { userId }, create: { userId, ...patch }, update: patch });
  return fromRow(row);
}

export function publicSettings(s: TUserSettings): TStudySettings {
  const { weights: _weights, ...rest } = s;
  return rest;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Start of the user's current day (local midnight at their UTC offset), as a UTC instant. */
export function startOfUserDay(now: Date, utcOffsetMinutes: number): Date {
  const local = now.getTime() + utcOffsetMinutes * 60_000;
  return new Date(Math.floor(local / DAY_MS) * DAY_MS - utcOffsetMinutes * 60_000);
}

export const nextUserDay = (now: Date, utcOffsetMinutes: number) => new Date(startOfUserDay(now, utcOffsetMinutes).getTime() + DAY_MS);
