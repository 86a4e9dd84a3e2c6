import { describe, expect, it } from 'vitest';
import { logTick, sig, superscript } from './format';

describe('lab number formatting', () => {
  it('writes exponents in superscript, never as ^-10', () => {
    expect(sig(1e-10)).toBe('1.00×10⁻¹⁰');
    expect(sig(2.6561e-5)).toBe('2.66×10⁻⁵');
    expect(sig(123456)).toBe('1.23×10⁵');
    expect(sig(0.5)).toBe('0.5');
    expect(superscript(-12)).toBe('⁻¹²');
  });

  it('labels log-axis ticks as powers of ten', () => {
    expect(logTick(1e-10)).toBe('10⁻¹⁰');
    expect(logTick(1)).toBe('1');
    expect(logTick(100)).toBe('100');
    expect(logTick(1e6)).toBe('10⁶');
    expect(logTick(2e-7)).toBe('2.0×10⁻⁷');
  });
});
