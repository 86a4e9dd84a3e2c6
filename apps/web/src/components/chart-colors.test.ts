import { describe, expect, it } from 'vitest';
import { CHART_BACKGROUND, CHART_COLORS, OKABE_ITO, contrastRatio, type ChartTheme } from './chart-colors';

const okabeIto = new Set<string>(Object.values(OKABE_ITO));

describe.each<ChartTheme>(['light', 'dark'])('chart colours, %s theme', (theme) => {
  const colors = CHART_COLORS[theme];
  const background = CHART_BACKGROUND[theme];

  it('uses only Okabe–Ito colours for series and models', () => {
    for (const c of [...colors.series, ...Object.values(colors.architecture)]) expect(okabeIto.has(c), c).toBe(true);
  });

  it('draws every series, model and reference line with at least 3:1 contrast against the panel', () => {
    for (const c of [...colors.series, ...Object.values(colors.architecture), colors.reference]) {
      expect(contrastRatio(c, background), `${c} on ${background}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('gives each model its own colour', () => {
    expect(new Set(Object.values(colors.architecture)).size).toBe(4);
  });

  it('writes axis text with at least 4.5:1 contrast', () => {
    expect(contrastRatio(colors.text, background)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(colors.axis, background)).toBeGreaterThanOrEqual(4.5);
  });
});

it('computes contrast as WCAG does', () => {
  expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
  expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
});
