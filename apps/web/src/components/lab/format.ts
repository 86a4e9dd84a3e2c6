/** Numbers as the lab shows them: 3 significant digits, exponent form for the very small and very large. */
export function sig(n: number | null | undefined, digits = 3): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (n === 0) return '0';
  const a = Math.abs(n);
  if (a < 1e-3 || a >= 1e5) {
    const [mantissa, exponent] = n.toExponential(digits - 1).split('e');
    return `${mantissa}×10^${Number(exponent)}`;
  }
  return Number(n.toPrecision(digits)).toString();
}

export const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

export const ARCH_LABEL: Record<string, string> = { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU', transformer: 'Transformer' };
