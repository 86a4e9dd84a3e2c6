import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Database } from '@recurrence/db';
import { DEFAULT_ARCHIVE_LIMITS } from '@recurrence/transfer';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { authPlugin } from './plugins/auth';
import { computePlugin } from './plugins/compute';
import { databasePlugin } from './plugins/database';
import { labPlugin, type CreateLabRunner } from './plugins/lab';
import { errorHandlerPlugin, frameworkErrors } from './plugins/error-handler';
import { frontDoorPlugin } from './plugins/front-door';
import { rateLimitsPlugin, type RequestLimits } from './plugins/rate-limits';
import { requestOriginPlugin } from './plugins/request-origin';
import { securityHeadersPlugin } from './plugins/security-headers';
import { textInputPlugin } from './plugins/text-input';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id';
import { lingerOnClose } from './lingering-close';
import { refuseResponseTransforms, responseSerializerCompiler } from './response-serializer';
import { attemptRoutes } from './routes/attempts';
import { authRoutes } from './routes/auth';
import { cardRoutes } from './routes/cards';
import { classRoutes } from './routes/classes';
import { deckRoutes } from './routes/decks';
import { noteRoutes } from './routes/notes';
import { healthRoutes } from './routes/health';
import { labRoutes } from './routes/lab';
import { planRoutes } from './routes/plan';
import { quizSetRoutes } from './routes/quiz-sets';
import { settingsRoutes } from './routes/settings';
import { statsRoutes } from './routes/stats';
import { studyRoutes } from './routes/study';
import { transferRoutes } from './routes/transfer';
import { userRoutes } from './routes/users';

export type TImportLimits = { maxUploadBytes: number; maxUncompressedBytes: number; maxRatio: number };
/** IMPORT_MAX_BYTES, IMPORT_MAX_UNCOMPRESSED_BYTES, IMPORT_MAX_RATIO (README, Configuration). */
export const DEFAULT_IMPORT_LIMITS: TImportLimits = {
  maxUploadBytes: 50 * 1000 * 1000,
  maxUncompressedBytes: DEFAULT_ARCHIVE_LIMITS.maxUncompressedBytes,
  maxRatio: DEFAULT_ARCHIVE_LIMITS.maxRatio,
};

/** Request bodies above this size answer 413. Documented in the README. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export type AppOptions = {
  db: Database;
  version: string;
  cookieSecure: boolean;
  sessionTtlDays: number;
  logger?: FastifyServerOptions['logger'];
  /** Whether users may choose an instructor account themselves (default); otherwise only an admin grants the role. */
  selfServeInstructors?: boolean;
  /** Starts the lab worker; without it the lab routes answer 503. */
  createLab?: CreateLabRunner | null;
  /** Request limits (RequestLimits); tests lower them. */
  limits?: Partial<RequestLimits> | undefined;
  /** Largest import upload (IMPORT_MAX_BYTES, default 50 MB) and what an archive may unpack to; tests lower them. */
  importLimits?: Partial<TImportLimits> | undefined;
  /** Proxy hops allowed to name the client's address (TRUST_PROXY); default: none. */
  trustProxy?: false | number | string[];
  /** The origins the app is served from (PUBLIC_ORIGIN); empty or unset: the request's own Host. */
  publicOrigins?: string[];
  /** The Next.js server to hand every non-/api path to (WEB_UPSTREAM); without it only /api is served. */
  webUpstream?: string | undefined;
};

/** A hop count becomes "trust the nearest n hops" (what Fastify does with a number, which its types omit). */
function trustProxySetting(trust: false | number | string[]): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * The whole HTTP application, without a listening socket: the server (server.ts) listens, tests use inject().
 * Order: external plugins, then app services, then routes.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxySetting(options.trustProxy ?? false),
    frameworkErrors,
    genReqId: requestIdOf,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
  }).withTypeProvider<ZodTypeProvider>();
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  // Answered before the body was read to its end: close without resetting the answer away (lingering-close.ts).
  app.addHook('onSend', async (request) => {
    if (!request.raw.complete && request.raw.socket) lingerOnClose(request.raw.socket);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  refuseResponseTransforms(app);

  await app.register(errorHandlerPlugin);
  await app.register(securityHeadersPlugin, { https: options.cookieSecure });
  await app.register(requestOriginPlugin, { publicOrigins: options.publicOrigins ?? [] });
  await app.register(textInputPlugin);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Recurrence API', version: options.version, description: 'Spaced repetition and quizzes for ML interviews.' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(databasePlugin, { db: options.db });
  await app.register(computePlugin);
  await app.register(labPlugin, { createLab: options.createLab ?? null });
  await app.register(authPlugin, { cookieSecure: options.cookieSecure, sessionTtlDays: options.sessionTtlDays });
  await app.register(rateLimitsPlugin, { limits: options.limits });

  await app.register(healthRoutes, { prefix: '/api', version: options.version });
  const selfServeInstructors = options.selfServeInstructors ?? true;
  await app.register(authRoutes, { prefix: '/api/v1/auth', sessionTtlDays: options.sessionTtlDays, cookieSecure: options.cookieSecure, selfServeInstructors });
  await app.register(userRoutes, { prefix: '/api/v1/users', selfServeInstructors });
  await app.register(deckRoutes, { prefix: '/api/v1/decks' });
  await app.register(noteRoutes, { prefix: '/api/v1/notes' });
  await app.register(studyRoutes, { prefix: '/api/v1/study' });
  await app.register(cardRoutes, { prefix: '/api/v1/cards' });
  await app.register(labRoutes, { prefix: '/api/v1/lab' });
  await app.register(settingsRoutes, { prefix: '/api/v1/settings' });
  await app.register(planRoutes, { prefix: '/api/v1/plan' });
  await app.register(statsRoutes, { prefix: '/api/v1/stats' });
  await app.register(classRoutes, { prefix: '/api/v1/classes' });
  await app.register(quizSetRoutes, { prefix: '/api/v1/quiz-sets' });
  await app.register(attemptRoutes, { prefix: '/api/v1/attempts' });
  const importLimits = { ...DEFAULT_IMPORT_LIMITS, ...options.importLimits };
  await app.register(transferRoutes, {
    prefix: '/api/v1',
    maxUploadBytes: importLimits.maxUploadBytes,
    archiveLimits: { ...DEFAULT_ARCHIVE_LIMITS, maxUncompressedBytes: importLimits.maxUncompressedBytes, maxRatio: importLimits.maxRatio },
  });
  if (options.webUpstream) await app.register(frontDoorPlugin, { webUpstream: options.webUpstream });
  return app;
}
