import multipart from '@fastify/multipart';
import {
  ZApiError,
  ZDeckMediaParams,
  ZDeckParams,
  ZExportQuery,
  ZImportFields,
  ZImportPreview,
  ZImportRefused,
  ZImportResult,
  type TImportFields,
} from '@recurrence/contracts';
import { previewCsv, TransferError, type TArchiveLimits } from '@recurrence/transfer';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest, notFound, unauthorized } from '../errors';
import { deckToRead } from '../services/deck-access';
import { exportDeck } from '../services/export-deck';
import { DELIMITER_NAMES, ImportRefused, importDeck, importReport, parseUpload, type TUpload } from '../services/import-deck';

export type TransferOptions = {
  /** Largest upload (IMPORT_MAX_BYTES); larger ones answer 413. */
  maxUploadBytes: number;
  archiveLimits: TArchiveLimits;
};

/** The uploaded file, as the multipart plugin hands it over (see onFile below). */
const ZUploadField = z.any().meta({ type: 'string', format: 'binary', description: 'the file (.apkg, .colpkg, .csv/.tsv/.txt, or .zip of a deck folder)' });
const ZImportForm = ZImportFields.extend({ file: ZUploadField });

function upload(value: unknown): TUpload {
  const v = value as Partial<TUpload> | undefined;
  if (!v || !Buffer.isBuffer(v.data) || typeof v.filename !== 'string') throw badRequest('file', 'file: attach the file to import as a multipart/form-data part named "file"');
  return v as TUpload;
}

function fieldsOf(body: z.infer<typeof ZImportForm>): TImportFields {
  const { file: _file, ...fields } = body;
  return fields;
}

/** Answers a refused import with its report (nothing was written). */
function refused(reply: FastifyReply, err: ImportRefused) {
  return reply.status(400).send({ statusCode: 400, error: 'Bad Request', message: err.message, ...(err.field ? { field: err.field } : {}), ...(err.report ? { report: err.report } : {}) });
}

export const transferRoutes: FastifyPluginAsyncZod<TransferOptions> = async (app, options) => {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: options.maxUploadBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 21 },
    // The file part becomes { data, filename } so the kind can be told from its name.
    async onFile(part) {
      (part as unknown as { value: TUpload }).value = { data: await part.toBuffer(), filename: part.filename };
    },
  });
  // An upload over the limit is stopped while it streams in; say which limit, then let the app's handler answer the rest.
  app.setErrorHandler((error, _request, reply) => {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      const mb = Math.round(options.maxUploadBytes / 100_000) / 10;
      return reply.status(413).send({ statusCode: 413, error: 'Payload Too Large', message: `file: larger than the upload limit of ${mb} MB (IMPORT_MAX_BYTES)`, field: 'file' });
    }
    throw error;
  });
  const signedIn = async (request: FastifyRequest) => {
    if (!request.user) throw unauthorized('no valid session: sign in, or start as a guest');
  };

  app.post(
    '/imports/preview',
    {
      preValidation: signedIn,
      schema: {
        tags: ['import-export'],
        summary: 'What a file would import, without importing it: for CSV the detected encoding, delimiter, header, columns and first rows',
        consumes: ['multipart/form-data'],
        body: ZImportForm,
        response: { 200: ZImportPreview, 400: ZImportRefused, 401: ZApiError, 413: ZApiError },
      },
    },
    async (request, reply) => {
      const file = upload(request.body.file);
      const fields = fieldsOf(request.body);
      try {
        const parsed = parseUpload(file, fields, 'preview', options.archiveLimits);
        const csv =
          parsed.kind === 'csv'
            ? (() => {
                const p = previewCsv(new Uint8Array(file.data), { delimiter: undefined, header: fields.header, html: fields.html });
                const mapping = fields.mapping ?? { front: p.mapping.front + 1, back: p.mapping.back + 1, tags: p.mapping.tags === null ? null : p.mapping.tags + 1 };
                return { ...p, delimiter: DELIMITER_NAMES[p.delimiter], mapping };
              })()
            : null;
        return { kind: parsed.kind, title: fields.title ?? parsed.title, csv, report: importReport(parsed, 0) };
      } catch (err) {
        if (err instanceof ImportRefused) return refused(reply, err);
        if (err instanceof TransferError) return refused(reply, new ImportRefused(`file: ${err.message}`, 'file'));
        throw err;
      }
    },
  );

  app.post(
    '/imports',
    {
      preValidation: signedIn,
      schema: {
        tags: ['import-export'],
        summary: 'Import a file as a new deck of yours: all or nothing, with a report of what was refused',
        consumes: ['multipart/form-data'],
        body: ZImportForm,
        response: { 201: ZImportResult, 400: ZImportRefused, 401: ZApiError, 413: ZApiError },
      },
    },
    async (request, reply) => {
      try {
        const result = await importDeck(app.db, request.user!.id, upload(request.body.file), fieldsOf(request.body), options.archiveLimits);
        return reply.status(201).send(result);
      } catch (err) {
        if (err instanceof ImportRefused) return refused(reply, err);
        throw err;
      }
    },
  );

  app.get(
    '/decks/:deckId/export',
    {
      preHandler: signedIn,
      schema: {
        tags: ['import-export'],
        summary: 'Download a deck you may read: yaml (the authoring format, zipped), csv (tab-separated, as Anki and Quizlet read it) or apkg (Anki)',
        params: ZDeckParams,
        querystring: ZExportQuery,
        response: { 200: z.any().meta({ type: 'string', format: 'binary' }), 400: ZApiError, 401: ZApiError, 404: ZApiError },
      },
    },
    async (request, reply) => {
      const file = await exportDeck(app.db.prisma, request.user!, request.params.deckId, request.query);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('x-content-type-options', 'nosniff')
        .send(file.body);
    },
  );

  app.get(
    '/decks/:deckId/media/:name',
    {
      preHandler: signedIn,
      schema: {
        tags: ['import-export'],
        summary: "A media file of a deck you may read (an image from an imported Anki package); never served as HTML",
        params: ZDeckMediaParams,
        response: { 200: z.any().meta({ type: 'string', format: 'binary' }), 400: ZApiError, 401: ZApiError, 404: ZApiError },
      },
    },
    async (request, reply) => {
      await deckToRead(app.db.prisma, request.user!, request.params.deckId);
      const media = await app.db.prisma.deckMedia.findUnique({ where: { deckId_name: { deckId: request.params.deckId, name: request.params.name } } });
      if (!media) throw notFound(`no media file ${request.params.name} in this deck`, 'params.name');
      const inline = media.contentType.startsWith('image/') || media.contentType.startsWith('audio/') || media.contentType.startsWith('video/');
      return reply
        .header('content-type', media.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('content-disposition', inline ? 'inline' : 'attachment')
        .header('cache-control', 'private, max-age=86400')
        .send(Buffer.from(media.data));
    },
  );
};
