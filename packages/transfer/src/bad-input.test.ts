import Database from 'better-sqlite3';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseAnkiPackage } from './anki-read';
import { CheckedZip } from './archive';
import { TransferError, type TTransferErrorCode } from './errors';
import { readAnkiFixture } from './fixtures';
import { htmlToMarkdown } from './html-to-markdown';
import { DEFAULT_ARCHIVE_LIMITS } from './limits';
import { parseDeckZip } from './yaml-zip';

function refusal(fn: () => unknown): { code: TTransferErrorCode; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof TransferError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a TransferError');
}

const apkg = (data: Uint8Array) => parseAnkiPackage(data, { language: 'en', kind: 'apkg' });

describe('archives that are refused', () => {
  it('a zip bomb: one entry expanding past the ratio limit', () => {
    const bomb = zipSync({ 'collection.anki2': new Uint8Array(20 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const r = refusal(() => apkg(bomb));
    expect(r.code).toBe('zip-bomb');
    expect(r.message).toMatch(/expands \d+:1 \(limit 200:1\)/);
  });

  it('a zip whose entries together pass the uncompressed-size limit', () => {
    const random = (n: number) => Uint8Array.from({ length: n }, (_v, i) => (i * 2654435761) >>> 24);
    const zip = zipSync({ a: random(600_000), b: random(600_000) }, { level: 0 });
    const r = refusal(() => CheckedZip.open(zip, { ...DEFAULT_ARCHIVE_LIMITS, maxUncompressedBytes: 1_000_000 }));
    expect(r.code).toBe('zip-bomb');
    expect(r.message).toMatch(/would expand to 1\.1 MiB \(limit 1\.0 MiB\)/);
  });

  it('a zstd layer that expands past the budget is stopped while decompressing', () => {
    const parts = unzipSync(readAnkiFixture('Anki-pwa_example_music_intervals.apkg'));
    const zip = CheckedZip.open(zipSync(parts), { ...DEFAULT_ARCHIVE_LIMITS, maxUncompressedBytes: 150_000 });
    const r = refusal(() => zip.zstd(zip.read('collection.anki21b')!, 'collection.anki21b'));
    expect(r.code).toBe('zip-bomb');
  });

  it.each([['../../etc/passwd'], ['/etc/passwd'], ['media/../../x'], ['C:/Windows/x'], ['..\\..\\x']])('an entry named %s (path traversal)', (name) => {
    const zip = zipSync({ 'collection.anki2': strToU8('x'), [name]: strToU8('evil') });
    const r = refusal(() => apkg(zip));
    expect(r.code).toBe('unsafe-entry-name');
    expect(r.message).toContain('nothing was imported');
  });

  it('a file that is not a zip', () => {
    expect(refusal(() => apkg(strToU8('front,back\n'))).code).toBe('not-a-zip');
    expect(refusal(() => parseDeckZip(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]))).code).toBe('not-a-zip');
  });

  it('a zip that is not an Anki package', () => {
    const r = refusal(() => apkg(zipSync({ 'readme.txt': strToU8('hello') })));
    expect(r).toEqual({ code: 'not-an-anki-package', message: expect.stringContaining('not an Anki package') });
  });

  it('an SQLite database that is not an Anki collection', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (x)');
    const bytes = new Uint8Array(db.serialize());
    db.close();
    const r = refusal(() => apkg(zipSync({ 'collection.anki2': bytes })));
    expect(r.code).toBe('not-an-anki-collection');
    expect(r.message).toBe('collection.anki2 is an SQLite database but not an Anki collection (no col, notes, cards, revlog table)');
  });

  it('a collection file that is not SQLite at all', () => {
    const r = refusal(() => apkg(zipSync({ 'collection.anki2': strToU8('not a database '.repeat(100)) })));
    expect(r).toEqual({ code: 'not-an-anki-collection', message: 'collection.anki2 is not an SQLite database' });
  });

  it('a current package without its collection.anki21b: the stub is refused, not imported', () => {
    const parts = unzipSync(readAnkiFixture('Anki-pwa_example_music_intervals.apkg'));
    delete parts['collection.anki21b'];
    const r = refusal(() => apkg(zipSync(parts)));
    expect(r.code).toBe('unsupported-anki-format');
  });

  it('a deck zip without deck.yaml', () => {
    expect(refusal(() => parseDeckZip(zipSync({ 'x/a.yaml': strToU8('section: a') }))).code).toBe('not-a-deck-archive');
  });
});

describe('HTML in imported fields', () => {
  it('scripts, event handlers and javascript: links leave no HTML behind', () => {
    const md = htmlToMarkdown(
      '<b>Bold</b> <script>alert(1)</script><img src="x.png" onerror="alert(2)"><a href="javascript:alert(3)">link</a>' +
        '<iframe src="https://evil"></iframe>&lt;script&gt;alert(4)&lt;/script&gt;<div onclick="alert(5)">text</div>',
      { imageUrl: (src) => `/m/${src}` },
    );
    expect(md).toBe('**Bold** ![](/m/x.png)link\\<script>alert(4)\\</script>\ntext');
    expect(md).not.toMatch(/alert\([1235]\)|onerror|javascript:|iframe/);
  });

  it('MathJax delimiters become $ and $$, and < inside math is left alone', () => {
    expect(htmlToMarkdown('\\(a &lt; b\\) and \\[x^2\\]')).toBe('$a < b$ and $$x^2$$');
  });
});
