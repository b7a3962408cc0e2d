// Reads the JSON files a run writes: one JSON document (summary.json, run.json) or JSON lines (records.jsonl).
import { readFileSync } from 'node:fs';

/** The JSON document in a file. */
export const readJson = (path: string): any => JSON.parse(readFileSync(path, 'utf8'));

/** One parsed value per line of a JSON-lines file (surrounding blank space ignored). */
export const readJsonLines = (path: string): any[] => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
