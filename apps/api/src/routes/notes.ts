import { ZApiError, ZNoteParams, ZNoteView, ZUpdateNoteRequest, ZUpdateNoteResponse } from '@recurrence/contracts';
import { transaction } from '@recurrence/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deckToEdit } from '../services/deck-access';
import { noteToRead, toNoteView } from '../services/deck-notes';
import { deleteNote, updateNote } from '../services/note-writer';

/** One note: read it where you may read its deck; edit or delete it where you may edit the deck. */
export const noteRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['decks'];
  const errors = { 400: ZApiError, 401: ZApiError, 403: ZApiError, 404: ZApiError, 409: ZApiError };

  /** The note's deck, if the viewer may edit it (404 for a note they may not read, 403 for one they only read). */
  const editableNote = async (request: { user: Parameters<typeof noteToRead>[1]; params: { noteId: string } }) => {
    const { note } = await noteToRead(app.db.prisma, request.user, request.params.noteId);
    await deckToEdit(app.db.prisma, request.user, note.deckId);
    return note;
  };

  app.get(
    '/:noteId',
    { schema: { tags, summary: 'A note and its cards', params: ZNoteParams, response: { 200: ZNoteView, ...errors } } },
    async (request) => toNoteView((await noteToRead(app.db.prisma, request.user, request.params.noteId)).note),
  );

  app.patch(
    '/:noteId',
    {
      onRequest: app.requireUser,
      schema: {
        tags,
        summary: "Replace a note's content: cards of ordinals it still has keep their reviews; new ordinals get cards; a card whose ordinal is gone is retired if reviewed, deleted if not",
        params: ZNoteParams,
        body: ZUpdateNoteRequest,
        response: { 200: ZUpdateNoteResponse, ...errors },
      },
    },
    async (request) => {
      const note = await editableNote(request);
      try {
        const result = await transaction(app.db.prisma, (tx) => updateNote(tx, note.id, request.body.note), { timeout: 30_000, maxWait: 10_000 });
        return { note: toNoteView(result.note), cards: result.cards };
      } finally {
        app.db.study.forgetCards();
      }
    },
  );

  app.delete(
    '/:noteId',
    {
      onRequest: app.requireUser,
      schema: { tags, summary: 'Delete a note and its cards (retired instead, out of sight, when they have reviews)', params: ZNoteParams, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      const note = await editableNote(request);
      try {
        await transaction(app.db.prisma, (tx) => deleteNote(tx, note.id), { timeout: 30_000, maxWait: 10_000 });
      } finally {
        app.db.study.forgetCards();
      }
      return reply.status(204).send(null);
    },
  );
};
