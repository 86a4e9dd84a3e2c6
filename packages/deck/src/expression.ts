/**
 * A tiny, safe arithmetic evaluator for the `expression` field of numeric cards
 * (no `eval`, no property access): numbers (incl. 1e-5), + - * / ^ (right-associative,
 * binds tighter than unary minus, so -2^2 = -4), parentheses, the constants `pi` and `e`,
 * and the one-argument functions sqrt, exp, ln, log2, log10, abs, floor, ceil, round.
 */

const FUNCTIONS: Record<string, (x: number) => number> = {
  sqrt: Math.sqrt,
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  abs: Math.abs,
  floor: Math.floor,
  ceil: Math.ceil,
  round: Math.round,
};

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

type Token = { kind: 'num'; value: number; at: number } | { kind: 'id'; name: string; at: number } | { kind: 'op'; op: string; at: number };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src.charAt(i);
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const num = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      tokens.push({ kind: 'num', value: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      tokens.push({ kind: 'id', name: id[0], at: i });
      i += id[0].length;
      continue;
    }
    if ('+-*/^()'.includes(ch)) {
      tokens.push({ kind: 'op', op: ch, at: i });
      i += 1;
      continue;
    }
    throw new Error(`unexpected character "${ch}" at position ${i + 1}`);
  }
  return tokens;
}

/** Evaluates an arithmetic expression; throws an Error with a short message when it is invalid. */
export function evaluateExpression(src: string): number {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (t: Token | undefined, op: string): boolean => t !== undefined && t.kind === 'op' && t.op === op;
  const expectOp = (op: string): void => {
    const t = peek();
    if (!isOp(t, op)) throw new Error(`expected "${op}" ${t ? `at position ${t.at + 1}` : 'at end of expression'}`);
    pos += 1;
  };

  const expr = (): number => {
    let v = term();
    for (;;) {
      const t = peek();
      if (isOp(t, '+')) {
        pos += 1;
        v += term();
      } else if (isOp(t, '-')) {
        pos += 1;
        v -= term();
      } else return v;
    }
  };
  const term = (): number => {
    let v = unary();
    for (;;) {
      const t = peek();
      if (isOp(t, '*')) {
        pos += 1;
        v *= unary();
      } else if (isOp(t, '/')) {
        pos += 1;
        v /= unary();
      } else return v;
    }
  };
  const unary = (): number => {
    const t = peek();
    if (isOp(t, '-')) {
      pos += 1;
      return -unary();
    }
    if (isOp(t, '+')) {
      pos += 1;
      return unary();
    }
    return power();
  };
  const power = (): number => {
    const base = primary();
    if (isOp(peek(), '^')) {
      pos += 1;
      return base ** unary();
    }
    return base;
  };
  const primary = (): number => {
    const t = peek();
    if (!t) throw new Error('unexpected end of expression');
    pos += 1;
    if (t.kind === 'num') return t.value;
    if (t.kind === 'op') {
      if (t.op === '(') {
        const v = expr();
        expectOp(')');
        return v;
      }
      throw new Error(`unexpected "${t.op}" at position ${t.at + 1}`);
    }
    const fn = FUNCTIONS[t.name];
    if (fn) {
      expectOp('(');
      const v = expr();
      expectOp(')');
      return fn(v);
    }
    const c = CONSTANTS[t.name];
    if (c !== undefined) return c;
    throw new Error(`unknown name "${t.name}" (allowed: ${[...Object.keys(CONSTANTS), ...Object.keys(FUNCTIONS)].join(', ')})`);
  };

  if (tokens.length === 0) throw new Error('empty expression');
  const value = expr();
  const rest = peek();
  if (rest) throw new Error(`unexpected token at position ${rest.at + 1}`);
  if (!Number.isFinite(value)) throw new Error('expression does not evaluate to a finite number');
  return value;
}
