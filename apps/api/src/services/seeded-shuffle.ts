import { createHash } from 'node:crypto';

/**
 * A Fisher–Yates shuffle driven by SHA-256 of `seed`: the same seed gives the same order, in any process. Draw d
 * reads 4 bytes of block ⌊d/8⌋, where block 0 is SHA-256(seed) and block k > 0 is SHA-256(seed, k) — so up to 8
 * items the order is the one the study screen has always shown for a multiple-choice card. Modulo bias: n / 2^32.
 */
export function shuffleBySeed<T>(seed: string, items: readonly T[]): T[] {
  const order = [...items];
  let block = -1;
  let digest = Buffer.alloc(0);
  for (let i = order.length - 1, draw = 0; i > 0; i--, draw++) {
    const wanted = Math.floor(draw / 8);
    if (wanted !== block) {
      block = wanted;
      digest = createHash('sha256').update(block === 0 ? seed : `${seed}\u0000${block}`).digest();
    }
    const j = digest.readUInt32BE((draw % 8) * 4) % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
