import { describe, expect, it } from 'vitest';
import { formatInterval } from './format';

describe('formatInterval', () => {
  it('labels intervals the way a rating button shows them', () => {
    expect(formatInterval(30_000)).toBe('<1m');
    expect(formatInterval(10 * 60_000)).toBe('10m');
    expect(formatInterval(3 * 3_600_000)).toBe('3h');
    expect(formatInterval(4 * 86_400_000)).toBe('4d');
    expect(formatInterval(63 * 86_400_000)).toBe('2.1mo');
    expect(formatInterval(500 * 86_400_000)).toBe('1.4y');
  });
});
