export { DatabaseConfigError, parseDatabaseUrl, redactDatabaseUrl, withDatabaseName } from './config';
export type { DatabaseConfig, DatabaseProvider } from './config';
export { forgetQueryArguments, openDatabase, sqliteConnectionOf, transaction } from './client';
export { Prisma } from './client';
export type { Database, OpenOptions, PrismaClient } from './client';
export { applyMigrations, createMigration, migrationStatus } from './migrate/migrate';
export { runOnMaintenanceDb } from './migrate/adapters';
export { BackupError, backupDatabase, restoreDatabase } from './backup';
export type { CardRecord, MemoryFields, Queue, QueueCounts, QueueQuery, ReplayRecord, ReviewContext, ReviewWrite, ReviewWriteResult, StateRecord, StudyCandidate, StudyStore, UndoneReview } from './study-store';
