export type { CardRecord, CatalogCard, RatingRecord, StudyTables, MemoryFields, Queue, QueueCounts, QueueQuery, ReplayRecord, ReviewContext, ReviewWrite, ReviewWriteResult, StateRecord, StudyCandidate, StudyStore, UndoneReview } from './types';
export { openPostgresStudyStore } from './postgres';
export { openSqliteStudyStore } from './sqlite';
export { WriteGate } from './write-gate';
export { withWorkingSet } from './working-set';
