import Link from 'next/link';
import { localeTag, type Locale } from '../../../../messages/locales';

/** The top of the note editor's pages: the way back to the deck, then the page's heading. */
export function EditorHeading({ deckId, deckTitle, language, heading }: { deckId: string; deckTitle: string; language: Locale; heading: string }) {
  return (
    <>
      <p className="small">
        <Link href={`/decks/${encodeURIComponent(deckId)}`} lang={localeTag(language)}>
          ← {deckTitle}
        </Link>
      </p>
      <h1>{heading}</h1>
    </>
  );
}
