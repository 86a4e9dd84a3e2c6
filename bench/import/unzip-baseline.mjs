// The import benchmark's baseline (see apkg-import.ts): unzip an .apkg and open its SQLite collection in a plain node
// process, the least any importer does; prints its time and peak RSS as JSON.
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';

const data = new Uint8Array(readFileSync(process.argv[2]));
const rss = () => process.memoryUsage().rss / 1e6;
const beforeMb = rss();
const started = performance.now();
const collection = unzipSync(data, { filter: (entry) => entry.name === 'collection.anki2' })['collection.anki2'];
const db = new Database(Buffer.from(collection));
const notes = db.prepare('SELECT count(*) AS n FROM notes').get().n;
db.close();
const ms = performance.now() - started;
const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ ms, peakMb, lifetimePeakMb: peakMb, beforeMb, detail: `${notes} notes in the collection` }));
