import { describe, expect, it } from 'vitest';
import { parseCsv, previewCsv } from './csv';
import { TransferError } from './errors';

const utf8 = (s: string) => new TextEncoder().encode(s);
function utf16(s: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
  const units = (bom ? '\ufeff' : '') + s;
  for (let i = 0; i < units.length; i += 1) {
    const c = units.charCodeAt(i);
    out[2 * i + (endian === 'le' ? 0 : 1)] = c & 0xff;
    out[2 * i + (endian === 'le' ? 1 : 0)] = c >> 8;
  }
  return out;
}

describe('CSV and TSV as Quizlet exports them', () => {
  it('tab between term and definition, a row per line, no header', () => {
    const parsed = parseCsv(utf8('photosynthesis\tmaking sugar from light\nosmosis\twater through a membrane\n'), { language: 'en' });
    expect(parsed.report).toMatchObject({ notes: 2, cards: 2, refused: [] });
    expect(parsed.notes[1]).toMatchObject({ type: 'basic', front: { en: 'osmosis' }, back: { en: 'water through a membrane' } });
  });

  it('comma-separated with a header row, quoted cells with commas and line breaks', () => {
    const data = utf8('Term,Definition\n"a, b","first line\nsecond line"\nc,d\n');
    const preview = previewCsv(data);
    expect(preview).toMatchObject({ delimiter: ',', header: true, columns: ['Term', 'Definition'], rowCount: 2, mapping: { front: 0, back: 1, tags: null } });
    const parsed = parseCsv(data, { language: 'en' });
    expect(parsed.notes[0]).toMatchObject({ front: { en: 'a, b' }, back: { en: 'first line\nsecond line' } });
  });
});

describe('CSV as Anki exports it (Notes in Plain Text / CSV, Anki 2.1.55+)', () => {
  const anki = '#separator:tab\n#html:true\n#tags column:3\nWhat is <b>2+2</b>?\t4<br>four\tmath arithmetic::basic\n{{c1::Paris}} is the capital of France\t\tgeo\n';

  it('reads the header lines: separator, HTML fields, tags column; a cloze front makes a cloze note', () => {
    const parsed = parseCsv(utf8(anki), { language: 'en' });
    expect(parsed.report).toMatchObject({ notes: 2, cards: 2, refused: [] });
    expect(parsed.notes[0]).toMatchObject({ type: 'basic', front: { en: 'What is **2+2**?' }, back: { en: '4\nfour' }, tags: ['math', 'arithmetic-basic'] });
    expect(parsed.notes[1]).toMatchObject({ type: 'cloze', text: { en: '{{c1::Paris}} is the capital of France' }, tags: ['geo'] });
  });

  it.each([
    ['UTF-16 LE with a BOM', utf16(anki, 'le', true)],
    ['UTF-16 BE with a BOM', utf16(anki, 'be', true)],
    ['UTF-16 LE without a BOM', utf16(anki, 'le', false)],
    ['UTF-8 with a BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(anki)])],
  ])('%s reads the same', (_name, data) => {
    const parsed = parseCsv(data, { language: 'en' });
    expect(parsed.notes).toEqual(parseCsv(utf8(anki), { language: 'en' }).notes);
  });

  it('Chinese text and a Chinese header', () => {
    const parsed = parseCsv(utf8('术语,定义,标签\n梯度消失,反向传播时梯度逐层变小,rnn\n'), { language: 'zh' });
    expect(parsed.notes[0]).toMatchObject({ front: { zh: '梯度消失' }, back: { zh: '反向传播时梯度逐层变小' }, tags: ['rnn'] });
  });
});

describe('refusals name the line and the reason', () => {
  it('empty fronts and backs are refused with their line (multi-line cells counted)', () => {
    const parsed = parseCsv(utf8('front,back\n"a\nb",ok\n,missing front\nmissing back,\n'), { language: 'en' });
    expect(parsed.report.refused).toEqual([
      { at: 'line 4', reason: 'the front (column 1) is empty' },
      { at: 'line 5', reason: 'the back (column 2) is empty' },
    ]);
    expect(parsed.report.notes).toBe(1);
  });

  it('a column mapping that names a missing column', () => {
    expect(() => parseCsv(utf8('a\tb\n'), { language: 'en', mapping: { front: 0, back: 4, tags: null } })).toThrow(
      new TransferError('bad-mapping', 'mapping.back: column 5 does not exist (the file has 2)'),
    );
  });

  it('binary data and invalid UTF-8', () => {
    expect(() => parseCsv(new Uint8Array([0x61, 0x00, 0x00, 0x00, 0x62, 0xff]), { language: 'en' })).toThrow(/binary data/);
    expect(() => parseCsv(new Uint8Array([0x61, 0x2c, 0xc3, 0x28]), { language: 'en' })).toThrow(/not valid UTF-8/);
  });

  it('the column mapping chooses the sides', () => {
    const parsed = parseCsv(utf8('tag1\tanswer text\tquestion text\n'), { language: 'en', header: false, mapping: { front: 2, back: 1, tags: 0 } });
    expect(parsed.notes[0]).toMatchObject({ front: { en: 'question text' }, back: { en: 'answer text' }, tags: ['tag1'] });
  });
});
