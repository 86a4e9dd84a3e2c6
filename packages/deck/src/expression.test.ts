import { describe, expect, it } from 'vitest';
import { evaluateExpression } from './expression';

describe('evaluateExpression', () => {
  it('computes arithmetic with the usual precedence', () => {
    expect(evaluateExpression('1 + 2 * 3')).toBe(7);
    expect(evaluateExpression('(1 + 2) * 3')).toBe(9);
    expect(evaluateExpression('10 / 4 - 1')).toBe(1.5);
    expect(evaluateExpression('2^3^2')).toBe(512); // right-associative
    expect(evaluateExpression('-2^2')).toBe(-4); // ^ binds tighter than unary minus
    expect(evaluateExpression('2^-1')).toBe(0.5);
    expect(evaluateExpression('1.5e3 + .5')).toBe(1500.5);
  });

  it('knows a few constants and functions', () => {
    expect(evaluateExpression('0.9^100')).toBeCloseTo(Math.pow(0.9, 100), 15);
    expect(evaluateExpression('sqrt(64)')).toBe(8);
    expect(evaluateExpression('ceil(ln(0.01)/ln(0.9))')).toBe(44);
    expect(evaluateExpression('2*pi')).toBeCloseTo(2 * Math.PI, 15);
    expect(evaluateExpression('exp(1) - e')).toBe(0);
    expect(evaluateExpression('log2(1024) + log10(1000) + abs(-1) + floor(2.7) + round(2.5)')).toBe(10 + 3 + 1 + 2 + 3);
  });

  it('rejects anything else', () => {
    for (const bad of ['', '1 +', '(1', '1)', '2 ** 3', 'x + 1', 'process.exit(1)', 'Math.PI', '1;2', 'sqrt 4', '1/0', 'ln(-1)']) {
      expect(() => evaluateExpression(bad), bad).toThrow();
    }
  });
});
