import { expect, test, type Page } from '@playwright/test';

/**
 * The lab's charts as a reader sees them (SVG, so their text and strokes can be read): exponents in superscript and no
 * raw TeX in any label, each model's line in its own colour-blind-safe colour with at least 3:1 contrast against the
 * panel it is drawn on (the Transformer's line was nearly invisible in dark mode), and on a phone the legend overlaps
 * no axis label.
 */
const OKABE_ITO = ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7', '#000000'];

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};
const toHex = (rgb: string) => {
  const m = rgb.match(/\d+/g)!.slice(0, 3).map(Number);
  return '#' + m.map((n) => n.toString(16).padStart(2, '0')).join('');
};

async function firstChart(page: Page) {
  await page.goto('/lab/gradient-flow');
  // The default parameters: trained by the server at start-up (or now, on a busy machine).
  await page.getByRole('button', { name: /^(Run|运行)$/ }).click();
  const chart = page.getByTestId('lab-run').locator('.chart svg').first();
  await expect(chart).toBeVisible({ timeout: 240_000 });
  await chart.scrollIntoViewIfNeeded();
  return chart;
}

/** The chart's text labels with their boxes, its solid line colours, and the panel's colour behind it. */
async function readChart(chart: ReturnType<Page['locator']>) {
  return chart.evaluate((svg) => {
    const texts = [...svg.querySelectorAll('text')].map((t) => {
      const b = t.getBoundingClientRect();
      return { text: t.textContent ?? '', left: b.left, right: b.right, top: b.top, bottom: b.bottom };
    });
    const lines = [...svg.querySelectorAll('path')]
      .filter((p) => p.getAttribute('fill') === 'none' && !p.getAttribute('stroke-dasharray') && (p.getAttribute('d') ?? '').split(/[LC]/).length > 20)
      .map((p) => getComputedStyle(p).stroke);
    let el: Element | null = svg;
    let panel = 'rgba(0, 0, 0, 0)';
    while (el && /rgba\(0, 0, 0, 0\)|transparent/.test(panel)) {
      panel = getComputedStyle(el).backgroundColor;
      el = el.parentElement;
    }
    return { texts, lines, panel };
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`gradient-flow chart, ${colorScheme}: superscript exponents, no raw TeX, each model in its own readable colour`, async ({ browser }) => {
    test.slow();
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    const { texts, lines, panel } = await readChart(await firstChart(page));
    const words = texts.map((t) => t.text);
    expect(words.some((w) => /10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+/.test(w)), `a superscripted power of ten among ${JSON.stringify(words)}`).toBe(true);
    for (const w of words) expect(w, 'raw TeX or a caret exponent').not.toMatch(/\^|_\{|\\[a-z]|×10-/);
    // Three models by default (RNN, LSTM, Transformer): three lines, three colours, each Okabe–Ito, each readable.
    const colours = [...new Set(lines.map(toHex))];
    expect(colours.length, `line colours ${JSON.stringify(colours)}`).toBeGreaterThanOrEqual(3);
    for (const c of colours) {
      expect(OKABE_ITO, `${c} is not an Okabe–Ito colour`).toContain(c);
      expect(contrast(c, toHex(panel)), `${c} on the panel ${panel}`).toBeGreaterThanOrEqual(3);
    }
    await context.close();
  });
}

test('on a phone the chart legend overlaps no axis label, in English and in Chinese', async ({ browser }) => {
  test.slow();
  for (const locale of ['en-US', 'zh-CN']) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale });
    const page = await context.newPage();
    const { texts } = await readChart(await firstChart(page));
    const legend = texts.filter((t) => /^(RNN|LSTM|GRU|Transformer)$/.test(t.text.trim()));
    expect(legend.length, 'legend entries').toBeGreaterThanOrEqual(1);
    const others = texts.filter((t) => !legend.includes(t) && t.text.trim() !== '' && t.right > t.left);
    for (const l of legend) {
      for (const o of others) {
        const overlap = l.left < o.right && o.left < l.right && l.top < o.bottom && o.top < l.bottom;
        expect(overlap, `legend "${l.text}" overlaps "${o.text}" (${locale})`).toBe(false);
      }
    }
    await context.close();
  }
});
