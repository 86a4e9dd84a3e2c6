export { memoryStateFromJson, memoryStateToJson, newMemoryState } from './memory-state';
export type { TMemoryState, TMemoryStateJson } from './memory-state';
export { createScheduler, DEFAULT_SCHEDULER_SETTINGS, forgetMemoryState } from './scheduler';
export type { TScheduler, TSchedulerSettings, TStepUnit } from './scheduler';
export { dayNumber, dayNumberToIsoDate, localDay, MS_PER_DAY, startOfLocalDate, type TTimeZone } from './calendar-day';
export { DEFAULT_WEIGHTS, daysUntilRetention, retrievability } from './forgetting-curve';
export {
  buildCardHistories,
  countTrainingReviews,
  evaluateWeights,
  MIN_REVIEWS_FOR_OPTIMIZATION,
  optimizeParameters,
  toTrainingItems,
} from './optimizer';
export type { TCardHistory, TCardReview, TOptimizeOptions, TOptimizeResult, TReviewLogEntry, TTrainingItem, TWeightsEvaluation } from './optimizer';
export { createRandom, createSimulatedLearner, DEFAULT_LEARNER_PROFILE, simulateStudy } from './simulation';
export type { TLearnerProfile, TSimulatedLearner, TSimulatedReview, TStudyDay, TStudySimulation, TStudySimulationInput } from './simulation';
export { advanceForInterview, capDueForInterview, createInterviewScheduler, forecastRetentionOnDate, leadDaysForNewCards, planInterview } from './planner';
export type { TInterviewPlan, TInterviewPlanInput, TRetentionForecast } from './planner';
export {
  cardCountsByState,
  dueForecast,
  INTERVAL_BUCKETS,
  retentionWorkload,
  reviewsPerDay,
  trueRetentionByInterval,
  trueRetentionByMonth,
  WORKLOAD_RETENTIONS,
} from './stats';
export type { TCardCounts, TIntervalBucket, TRetentionRow, TStatsCard, TStatsLogEntry, TWorkloadOptions, TWorkloadPoint } from './stats';
