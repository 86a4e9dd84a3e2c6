/** Test inputs made by other tools, kept beside the repository (../shared/fixtures from the project's root). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ANKI_FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/anki/', import.meta.url));

export function readAnkiFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${ANKI_FIXTURES}${name}`));
}
