import { LAB_PARAMS_SCHEMAS, labBudgets, type TExperimentId, type TLabBudget } from '@recurrence/contracts';
import { z } from 'zod';

export type LabField =
  | { name: string; kind: 'number'; integer: boolean; min?: number; max?: number; default?: number }
  | { name: string; kind: 'enum'; options: string[]; default?: string }
  | { name: string; kind: 'multi'; options: string[]; default?: string[] };

type JsonSchema = { properties?: Record<string, Record<string, unknown>> };

/** The form's fields, read off the experiment's zod schema (through JSON Schema), so bounds never drift from the API's. */
export function labFields(experiment: TExperimentId): LabField[] {
  const schema = z.toJSONSchema(LAB_PARAMS_SCHEMAS[experiment], { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return Object.entries(schema.properties ?? {}).flatMap(([name, p]): LabField[] => {
    if (p.type === 'number' || p.type === 'integer') {
      return [{ name, kind: 'number', integer: p.type === 'integer', min: p.minimum as number, max: p.maximum as number, default: p.default as number }];
    }
    if (Array.isArray(p.enum)) return [{ name, kind: 'enum', options: p.enum as string[], default: p.default as string }];
    const items = p.items as { enum?: string[] } | undefined;
    if (p.type === 'array' && items?.enum) return [{ name, kind: 'multi', options: items.enum, default: p.default as string[] }];
    return [];
  });
}

/** What the form holds: numbers as typed (an emptied field stays empty), choices as chosen. */
export type LabFormValues = Record<string, string | string[]>;

/** The form's values for a set of parameters (a card's "re-run with my parameters" link); the rest take their defaults. */
export function initialValues(fields: LabField[], given: Record<string, unknown>): LabFormValues {
  return Object.fromEntries(
    fields.map((f) => {
      const value = given[f.name] ?? f.default;
      if (f.kind === 'multi') return [f.name, Array.isArray(value) ? value.map(String) : []];
      return [f.name, value === undefined ? '' : String(value)];
    }),
  );
}

export type LabFieldError =
  | { field: string; code: 'empty' | 'notNumber' | 'notInteger' | 'noneTicked' | 'powerOfTwo' | 'headsDivide' | 'even' | 'notBelowMin' }
  | { field: string; code: 'tooSmall'; min: number }
  | { field: string; code: 'tooLarge'; max: number }
  /** A rule of the API's this form has no words for: its own message. */
  | { field: string; code: 'other'; message: string };

export type LabFormCheck = {
  /** The parameters to send, when every field is valid and the run fits its budgets. */
  params: Record<string, unknown> | null;
  errors: LabFieldError[];
  /** The cost budgets of the parameters, once every field is a number in range (else empty). */
  budgets: TLabBudget[];
  over: TLabBudget[];
};

const RULES = new Set(['powerOfTwo', 'headsDivide', 'even', 'notBelowMin']);

/**
 * Checks the form as the API will: each field (an empty one is an error, not a silent default), then the
 * experiment's schema and the cost budgets of `labBudgets` — the very function the API's schema refuses with.
 */
export function checkLabForm(experiment: TExperimentId, fields: LabField[], values: LabFormValues): LabFormCheck {
  const errors: LabFieldError[] = [];
  const params: Record<string, unknown> = {};
  for (const f of fields) {
    const value = values[f.name];
    if (f.kind === 'multi') {
      const list = Array.isArray(value) ? value : [];
      if (list.length === 0) errors.push({ field: f.name, code: 'noneTicked' });
      params[f.name] = list;
    } else if (f.kind === 'enum') {
      params[f.name] = value;
    } else {
      const text = typeof value === 'string' ? value.trim() : '';
      const n = Number(text);
      if (text === '') errors.push({ field: f.name, code: 'empty' });
      else if (!Number.isFinite(n)) errors.push({ field: f.name, code: 'notNumber' });
      else if (f.integer && !Number.isInteger(n)) errors.push({ field: f.name, code: 'notInteger' });
      else if (f.min !== undefined && n < f.min) errors.push({ field: f.name, code: 'tooSmall', min: f.min });
      else if (f.max !== undefined && n > f.max) errors.push({ field: f.name, code: 'tooLarge', max: f.max });
      params[f.name] = n;
    }
  }
  if (errors.length > 0) return { params: null, errors, budgets: [], over: [] };

  const budgets = labBudgets(experiment, params);
  const over = budgets.filter((b) => b.used > b.limit);
  const parsed = LAB_PARAMS_SCHEMAS[experiment].safeParse(params);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const extra = (issue as { params?: { rule?: string; budget?: string } }).params;
      if (extra?.budget) continue; // shown as an over-budget line, with the fields that lower it
      const field = String(issue.path[0] ?? '');
      const rule = extra?.rule;
      errors.push(rule && RULES.has(rule) ? { field, code: rule as 'powerOfTwo' } : { field, code: 'other', message: issue.message });
    }
  }
  return { params: errors.length === 0 && over.length === 0 ? params : null, errors, budgets, over };
}
