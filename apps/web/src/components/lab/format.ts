const SUPERSCRIPT: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻', '+': '⁺' };

/** An integer exponent in superscript digits: -10 → "⁻¹⁰" (plain text, so it works in SVG chart labels too). */
export function superscript(n: number): string {
  return [...String(n)].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

/** Numbers as the lab shows them: 3 significant digits, "2.95×10⁻⁵" for the very small and very large. */
export function sig(n: number | null | undefined, digits = 3): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (n === 0) return '0';
  const a = Math.abs(n);
  if (a < 1e-3 || a >= 1e5) {
    const [mantissa, exponent] = n.toExponential(digits - 1).split('e');
    return `${mantissa}×10${superscript(Number(exponent))}`;
  }
  return Number(n.toPrecision(digits)).toString();
}

/** A power of ten on a log axis: "10⁻¹⁰", "1", "10", "100", "10³"; other values with `sig`. */
export function logTick(v: number): string {
  const exponent = Math.log10(Math.abs(v));
  if (v > 0 && Math.abs(exponent - Math.round(exponent)) < 1e-9) {
    const e = Math.round(exponent);
    if (e >= 0 && e <= 2) return String(10 ** e);
    return `10${superscript(e)}`;
  }
  return sig(v, 2);
}

export const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

export const ARCH_LABEL: Record<string, string> = { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU', transformer: 'Transformer' };
