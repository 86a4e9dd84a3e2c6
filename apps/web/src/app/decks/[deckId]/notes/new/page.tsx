import { ZDeckSummary } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { NoteEditor } from '../../../../../components/authoring/note-editor';
import { readPreferences } from '../../../../../i18n/server-preferences';
import { ApiRequestError } from '../../../../../lib/api';
import { serverApi } from '../../../../../lib/server-api';
import { EditorHeading } from '../editor-heading';

type Props = { params: Promise<{ deckId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('authoring'))('addNote') };
}

/** Adding notes to a deck the visitor may edit (404 for any other: not found, not theirs, built in). */
export default async function NewNotePage({ params }: Props) {
  const { deckId } = await params;
  const [t, { cardLanguage }] = await Promise.all([getTranslations('authoring'), readPreferences()]);
  const deck = await serverApi(ZDeckSummary, `/api/v1/decks/${encodeURIComponent(deckId)}`).catch((error: unknown) => {
    if (error instanceof ApiRequestError && (error.status === 404 || error.status === 401)) return null;
    throw error;
  });
  if (!deck?.canEdit) notFound();
  return (
    <>
      <EditorHeading deckId={deckId} deckTitle={deck.title[cardLanguage]} language={cardLanguage} heading={t('addNote')} />
      <NoteEditor deckId={deckId} />
    </>
  );
}
