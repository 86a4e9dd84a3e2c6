/**
 * Chart colours from the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), whose colours stay apart
 * with every common colour-vision deficiency. Each theme keeps only the ones with at least 3:1 contrast against its
 * panel (WCAG 1.4.11, graphical objects): orange, sky blue and yellow vanish on white, blue and black on the dark
 * panel. A model keeps its hue family in both themes (RNN warm, LSTM blue, GRU purple, Transformer green).
 */
export type ChartTheme = 'light' | 'dark';

export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
} as const;

/** The panel colour charts are drawn on (`--panel` in globals.css). */
export const CHART_BACKGROUND: Record<ChartTheme, string> = { light: '#ffffff', dark: '#1d1f23' };

export type ChartColors = {
  /** Series colours in order, for charts whose series are not models. */
  series: string[];
  /** A model's colour. */
  architecture: Record<'rnn' | 'lstm' | 'gru' | 'transformer', string>;
  /** Reference curves (dashed). */
  reference: string;
  text: string;
  axis: string;
};

const O = OKABE_ITO;

export const CHART_COLORS: Record<ChartTheme, ChartColors> = {
  light: {
    series: [O.blue, O.vermillion, O.bluishGreen, O.reddishPurple, O.black],
    architecture: { rnn: O.vermillion, lstm: O.blue, gru: O.reddishPurple, transformer: O.bluishGreen },
    reference: '#4b4f56',
    text: '#1c1d1f',
    axis: '#62666d',
  },
  dark: {
    series: [O.skyBlue, O.orange, O.bluishGreen, O.reddishPurple, O.yellow],
    architecture: { rnn: O.orange, lstm: O.skyBlue, gru: O.reddishPurple, transformer: O.bluishGreen },
    reference: '#c4c8ce',
    text: '#e8e9eb',
    axis: '#9aa0a8',
  },
};

/** The theme the page shows: the one the user chose, else the system's. */
export function pageChartTheme(): ChartTheme {
  if (typeof document === 'undefined') return 'light';
  const chosen = document.documentElement.dataset.theme;
  if (chosen === 'dark' || chosen === 'light') return chosen;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
