// The house plan holds: no import cycle anywhere in src/, and every import points down the layers of docs/architecture.md.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { directionViolations, importCycles, readImportGraph, roomOf, type ImportGraph } from './helpers/import-graph.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const graph = readImportGraph(SRC);

describe('src/ import graph', () => {
  it('reads every file and its imports, type-only imports and worker URLs included', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get('main.ts')).toContain('commands/profile/profile-command.ts');
    // `import type` counts: a type cycle is a cycle.
    expect(graph.get('metrics/summary.ts')).toContain('metrics/metric-results.ts');
    // A worker thread's entry, named by URL.
    expect(graph.get('tokenizer/worker-text-counter.ts')).toContain('tokenizer/count-worker.ts');
    // Every import resolves to a file that exists.
    const missing = [...graph.values()].flat().filter((target) => !graph.has(target));
    expect(missing).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('has no import pointing up the layers or across commands', () => {
    expect(directionViolations(graph)).toEqual([]);
  });

  it('sim/ and workload/ both build on model/ and never on each other', () => {
    const between = [...graph].flatMap(([from, targets]) => targets.filter((to) => new Set([roomOf(from), roomOf(to)]).size === 2
      && ['sim', 'workload'].includes(roomOf(from)) && ['sim', 'workload'].includes(roomOf(to))));
    expect(between).toEqual([]);
    expect([...graph].some(([from, targets]) => roomOf(from) === 'sim' && targets.some((to) => roomOf(to) === 'model'))).toBe(true);
    expect([...graph].some(([from, targets]) => roomOf(from) === 'workload' && targets.some((to) => roomOf(to) === 'model'))).toBe(true);
  });
});

describe('the checks themselves', () => {
  const sample: ImportGraph = new Map([
    ['util/a.ts', ['util/b.ts']],
    ['util/b.ts', ['util/c.ts']],
    ['util/c.ts', ['util/a.ts']],
    ['model/m.ts', ['model/m.ts', 'util/a.ts']],
    ['util/d.ts', ['model/m.ts']],
    ['sim/s.ts', ['workload/w.ts']],
    ['workload/w.ts', []],
    ['commands/plan/p.ts', ['commands/profile/x.ts', 'commands/sweep/y.ts']],
    ['commands/profile/x.ts', []],
    ['commands/sweep/y.ts', []],
  ]);

  it('finds a three-file cycle and a file importing itself', () => {
    expect(importCycles(sample)).toEqual([['util/a.ts', 'util/b.ts', 'util/c.ts'], ['model/m.ts']]);
  });

  it('finds an upward import, an import across one layer, and a door importing another door', () => {
    expect(directionViolations(sample)).toEqual([
      'util/d.ts → model/m.ts: util/ may not import model/ (a higher layer)',
      'sim/s.ts → workload/w.ts: sim/ may not import workload/ (same layer)',
      'commands/plan/p.ts → commands/sweep/y.ts: a command\'s door imports another\'s (only commands/profile/ is shared)',
    ]);
  });
});
