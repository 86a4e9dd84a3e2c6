import { ZDeckSummary, ZNoteView } from '@recurrence/contracts';
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { NoteEditor } from '../../../../../components/authoring/note-editor';
import { readPreferences } from '../../../../../i18n/server-preferences';
import { ApiRequestError } from '../../../../../lib/api';
import { serverApi } from '../../../../../lib/server-api';
import { EditorHeading } from '../editor-heading';

type Props = { params: Promise<{ deckId: string; noteId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('authoring'))('editNote') };
}

const orNull = (error: unknown) => {
  if (error instanceof ApiRequestError && (error.status === 404 || error.status === 401)) return null;
  throw error;
};

/** Editing a note of a deck the visitor may edit (404 for any other). */
export default async function EditNotePage({ params }: Props) {
  const { deckId, noteId } = await params;
  const [t, { cardLanguage }, deck, note] = await Promise.all([
    getTranslations('authoring'),
    readPreferences(),
    serverApi(ZDeckSummary, `/api/v1/decks/${encodeURIComponent(deckId)}`).catch(orNull),
    serverApi(ZNoteView, `/api/v1/notes/${encodeURIComponent(noteId)}`).catch(orNull),
  ]);
  if (!deck?.canEdit || !note || note.deckId !== deck.id) notFound();
  return (
    <>
      <EditorHeading deckId={deckId} deckTitle={deck.title[cardLanguage]} language={cardLanguage} heading={t('editNote')} />
      <NoteEditor deckId={deckId} original={note} />
    </>
  );
}
