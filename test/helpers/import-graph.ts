// The import graph of src/ (every relative import, type-only ones and worker URLs included) and the checks run over it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** File → the files it imports, both as paths relative to the source root, e.g. 'run/profile-run.ts'. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/**
 * The rooms of src/ from the bottom up: a file may import its own room and any room of an earlier layer, never one of
 * its own layer or a later one. `main` is src/main.ts. The order is docs/architecture.md's dependency rule.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['util'],
  ['fs', 'secrets', 'model'],
  ['tokenizer'],
  ['workload', 'sim'],
  ['client', 'plan'],
  ['executors', 'server-metrics'],
  ['mlperf'],
  ['metrics'],
  ['records'],
  ['report'],
  ['shard'],
  ['run'],
  ['sweep'],
  ['cli'],
  ['commands'],
  ['main'],
];

/** Inside commands/, a door may reuse only profile's flags and config resolution (commands/profile/). */
const SHARED_DOOR = 'commands/profile';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Reads every .ts file under `root` and resolves its relative specifiers (.js → .ts) to files under `root`. */
export function readImportGraph(root: string): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of tsFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    const targets: string[] = [];
    for (const match of text.matchAll(SPECIFIER)) {
      const target = normalize(join(dirname(file), match[1]!)).replace(/\.js$/, '.ts');
      // A path out of src/ (the built CLI that sim-child.ts spawns) is not an import.
      if (!target.startsWith('..')) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

function tsFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(root, path);
    return entry.name.endsWith('.ts') ? [relative(root, path)] : [];
  });
}

/** Every import cycle, each as its files in a loop (strongly connected components of more than one file, or a file importing itself). */
export function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.reverse());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

/** The room of a file: its first folder under src/ ('main' for src/main.ts). */
export function roomOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? file.replace(/\.ts$/, '') : file.slice(0, slash);
}

function layerOf(room: string): number {
  const layer = LAYERS.findIndex((rooms) => rooms.includes(room));
  if (layer < 0) throw new Error(`src/${room}/ is in no layer: add it to LAYERS (test/helpers/import-graph.ts) and to docs/architecture.md`);
  return layer;
}

/** Every import against the rule, as "from → to: why". */
export function directionViolations(graph: ImportGraph): string[] {
  const problems: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const [a, b] = [roomOf(from), roomOf(to)];
      if (a === b) {
        const door = (file: string) => file.split('/').slice(0, 2).join('/');
        if (a === 'commands' && door(from) !== door(to) && door(to) !== SHARED_DOOR) problems.push(`${from} → ${to}: a command's door imports another's (only ${SHARED_DOOR}/ is shared)`);
        continue;
      }
      if (layerOf(b) >= layerOf(a)) problems.push(`${from} → ${to}: ${a}/ may not import ${b}/ (${layerOf(b) === layerOf(a) ? 'same layer' : 'a higher layer'})`);
    }
  }
  return problems;
}
