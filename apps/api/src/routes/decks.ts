import {
  ZAddNotesRequest,
  ZAddNotesResponse,
  ZApiError,
  ZBrowseQuery,
  ZBrowseResponse,
  ZCardList,
  ZCreateDeckRequest,
  ZDeckList,
  ZDeckParams,
  ZDeckSummary,
  ZNoteList,
  ZNoteListQuery,
  ZUpdateDeckRequest,
} from '@recurrence/contracts';
import { transaction } from '@recurrence/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { browseDeck } from '../services/card-browser';
import { deckToEdit } from '../services/deck-access';
import { listNotes, toNoteView } from '../services/deck-notes';
import { getDeck, listDeckCards, listDecks } from '../services/decks';
import { addNotes, createDeck, deleteDeck, newNoteSlug, updateDeck } from '../services/note-writer';

/**
 * Decks: anyone lists and reads the built-in ones; a user writes their own (see services/deck-access.ts for who reads
 * and edits which). Writes run in one transaction and then tell the study working set that cards changed.
 */
export const deckRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['decks'];
  const errors = { 400: ZApiError, 401: ZApiError, 403: ZApiError, 404: ZApiError, 409: ZApiError };
  const write = async <T>(work: Parameters<typeof transaction<T>>[1]): Promise<T> => {
    try {
      return await transaction(app.db.prisma, work, { timeout: 30_000, maxWait: 10_000 });
    } finally {
      app.db.study.forgetCards();
    }
  };

  app.get(
    '/',
    { schema: { tags, summary: 'The decks you study (built-in, your own, assigned to your classes), with due and new counts', response: { 200: ZDeckList } } },
    async (request) => ({ decks: await listDecks(app.db.prisma, request.user, new Date()) }),
  );

  app.post(
    '/',
    { onRequest: app.requireUser, schema: { tags, summary: 'Create a deck of your own (a title in one language is enough)', body: ZCreateDeckRequest, response: { 201: ZDeckSummary, ...errors } } },
    async (request, reply) => {
      const deck = await write((tx) => createDeck(tx, request.user!.id, request.body));
      return reply.status(201).send(await getDeck(app.db.prisma, request.user, deck.id, new Date()));
    },
  );

  app.get(
    '/:deckId',
    { schema: { tags, summary: 'A deck you may read', params: ZDeckParams, response: { 200: ZDeckSummary, ...errors } } },
    async (request) => getDeck(app.db.prisma, request.user, request.params.deckId, new Date()),
  );

  app.patch(
    '/:deckId',
    { onRequest: app.requireUser, schema: { tags, summary: 'Rename a deck or change its description (its owner, admins)', params: ZDeckParams, body: ZUpdateDeckRequest, response: { 200: ZDeckSummary, ...errors } } },
    async (request) => {
      await write(async (tx) => updateDeck(tx, (await deckToEdit(tx, request.user, request.params.deckId)).id, request.body));
      return getDeck(app.db.prisma, request.user, request.params.deckId, new Date());
    },
  );

  app.delete(
    '/:deckId',
    { onRequest: app.requireUser, schema: { tags, summary: 'Delete a deck with its notes, cards and their reviews (its owner, admins)', params: ZDeckParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await write(async (tx) => deleteDeck(tx, (await deckToEdit(tx, request.user, request.params.deckId)).id));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/:deckId/cards',
    { schema: { tags, summary: "A deck's cards, in order", params: ZDeckParams, response: { 200: ZCardList, ...errors } } },
    async (request) => ({ cards: await listDeckCards(app.db.prisma, request.user, request.params.deckId) }),
  );

  app.get(
    '/:deckId/notes',
    { schema: { tags, summary: "A deck's notes: search their text in both languages (q) and filter by tag, a page at a time", params: ZDeckParams, querystring: ZNoteListQuery, response: { 200: ZNoteList, ...errors } } },
    async (request) => listNotes(app.db.prisma, request.user, request.params.deckId, request.query),
  );

  app.post(
    '/:deckId/notes',
    {
      onRequest: app.requireUser,
      schema: { tags, summary: 'Add notes to a deck you own; each makes its cards (one per cloze deletion, a reversed card, …)', params: ZDeckParams, body: ZAddNotesRequest, response: { 201: ZAddNotesResponse, ...errors } },
    },
    async (request, reply) => {
      const added = await write(async (tx) => {
        const deck = await deckToEdit(tx, request.user, request.params.deckId);
        // The server names new notes: a slug the client sent is not used.
        return addNotes(tx, deck.id, request.body.notes.map((note) => ({ ...note, id: newNoteSlug() })));
      });
      return reply.status(201).send({ notes: added.notes.map(toNoteView), cards: added.cards });
    },
  );

  app.get(
    '/:deckId/browse',
    {
      schema: {
        tags,
        summary: "The card browser: a deck's cards with your state of each (due, stability, difficulty, retrievability), found by text, tag, state and section",
        params: ZDeckParams,
        querystring: ZBrowseQuery,
        response: { 200: ZBrowseResponse, ...errors },
      },
    },
    async (request) => browseDeck(app.db.prisma, request.user, request.params.deckId, request.query, new Date()),
  );
};
