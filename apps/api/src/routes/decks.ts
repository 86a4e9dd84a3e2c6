import { ZApiError, ZCardList, ZDeckList, ZDeckParams } from '@recurrence/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listDeckCards, listDecks } from '../services/decks';

export const deckRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    { schema: { tags: ['decks'], summary: 'All decks, with due and new counts for the signed-in user', response: { 200: ZDeckList } } },
    async (request) => ({ decks: await listDecks(app.db.prisma, request.user?.id ?? null, new Date()) }),
  );

  app.get(
    '/:deckId/cards',
    { schema: { tags: ['decks'], summary: "A deck's cards, in order", params: ZDeckParams, response: { 200: ZCardList, 400: ZApiError, 404: ZApiError } } },
    async (request) => ({ cards: await listDeckCards(app.db.prisma, request.params.deckId) }),
  );
};
