// `mmload generate --preset chat-reuse` and `--turns` on disk: aiperf multi_turn JSONL, its images beside it, the planned figures, the same file again by seed.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';

const scratch = useScratch('mmload-generate-conversations-');

/** aiperf's multi_turn model (MultiTurn, and SingleTurn for each turn), as its loader validates a line: the problems found. */
function multiTurnProblems(line: unknown): string[] {
  const problems: string[] = [];
  if (typeof line !== 'object' || line === null || Array.isArray(line)) return ['not an object'];
  const { session_id: id, turns, type, ...rest } = line as Record<string, unknown>;
  if (Object.keys(rest).length > 0) problems.push(`unknown keys ${Object.keys(rest).join(', ')}`);
  if (id !== undefined && typeof id !== 'string') problems.push('session_id is not a string');
  if (type !== undefined && type !== 'multi_turn') problems.push(`type ${String(type)}`);
  if (!Array.isArray(turns) || turns.length === 0) return [...problems, 'At least one turn must be provided'];
  const turnKeys = new Set(['text', 'texts', 'image', 'images', 'delay', 'timestamp', 'role', 'output_length', 'extra']);
  turns.forEach((turn: Record<string, unknown>, t) => {
    const unknown = Object.keys(turn).filter((key) => !turnKeys.has(key));
    if (unknown.length > 0) problems.push(`turn ${t}: keys ${unknown.join(', ')}`);
    if (turn.text !== undefined && turn.texts !== undefined) problems.push(`turn ${t}: text and texts cannot be set together`);
    if (turn.text !== undefined && typeof turn.text !== 'string') problems.push(`turn ${t}: text`);
    if (turn.images !== undefined && !(Array.isArray(turn.images) && turn.images.every((image) => typeof image === 'string'))) problems.push(`turn ${t}: images`);
    if (turn.delay !== undefined && typeof turn.delay !== 'number') problems.push(`turn ${t}: delay`);
    if (turn.output_length !== undefined && !(Number.isInteger(turn.output_length) && (turn.output_length as number) > 0)) problems.push(`turn ${t}: output_length`);
    if (turn.text === undefined && turn.texts === undefined && turn.images === undefined && turn.image === undefined) problems.push(`turn ${t}: At least one modality must be provided`);
  });
  return problems;
}

interface Turn { text: string; images?: string[]; delay?: number; output_length?: number }
interface Line { session_id: string; turns: Turn[] }

describe('mmload generate --preset chat-reuse -n 12', () => {
  let file: string;
  let lines: Line[];
  let stdout: string;

  beforeAll(async () => {
    const result = await runCli(['generate', '--preset', 'chat-reuse', '-n', '12', '--output-dir', 'chat'], { cwd: scratch.work });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    stdout = result.stdout;
    file = join(scratch.work, 'chat', '12sess_4turn_2img_300word.jsonl');
    expect(stdout).toContain(`wrote ${file}`);
    lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Line);
  }, 120_000);

  it('writes one aiperf multi_turn line per session: session_NNNNNN, 4 turns, a text each, output_length 150, no delay', () => {
    expect(lines).toHaveLength(12);
    for (const line of lines) expect(multiTurnProblems(line), line.session_id).toEqual([]);
    expect(lines.map((line) => line.session_id)).toEqual(lines.map((_, i) => `session_${String(i).padStart(6, '0')}`));
    for (const line of lines) {
      expect(line.turns).toHaveLength(4);
      expect(line.turns.every((turn) => turn.text.length > 0 && turn.output_length === 150 && turn.delay === undefined)).toBe(true);
    }
  });

  it('gives the first turn 2 images and each follow-up none or one new one, every image a distinct 512×512 file beside the JSONL', async () => {
    expect(lines.every((line) => line.turns[0]!.images!.length === 2)).toBe(true);
    const later = lines.flatMap((line) => line.turns.slice(1).map((turn) => turn.images?.length ?? 0));
    expect(new Set(later)).toEqual(new Set([0, 1]));
    const images = lines.flatMap((line) => line.turns.flatMap((turn) => turn.images ?? []));
    expect(new Set(images).size).toBe(images.length);
    expect(readdirSync(join(scratch.work, 'chat', '12sess_4turn_2img_300word')).sort()).toEqual(images.map((path) => path.split('/').at(-1)).sort());
    const meta = await sharp(images[0]!).metadata();
    expect([meta.width, meta.height]).toEqual([512, 512]);

    // The planned figures: every slot after a session's first sight of an image is a re-send from its history.
    const slots = lines.reduce((sum, line) => sum + line.turns.reduce((acc, _turn, t) =>
      acc + line.turns.slice(0, t + 1).reduce((n, earlier) => n + (earlier.images?.length ?? 0), 0), 0), 0);
    expect(stdout).toContain(`${slots} image slots: ${images.length} new images, ${slots - images.length} re-sent from history`);
    expect(stdout).toMatch(/turn 0: 12 requests, 2\.0 new \+ 0\.0 history images, prefix re-sent 0 tokens, prompt 824 tokens \(means\)/);
    expect(stdout).toMatch(/turn 3: 12 requests, .* \+ the 3 earlier answers \(means\)/);
    expect(stdout).toContain('known only after the run');
    expect(stdout).toContain(`profile it: mmload profile --input-file ${file} --custom-dataset-type multi_turn --preset chat-reuse`);
  });

  it('writes the same file again for the same seed', async () => {
    const again = await runCli(['generate', '--preset', 'chat-reuse', '-n', '12', '--output-dir', 'chat', '-o', 'again.jsonl'], { cwd: scratch.work });
    expect(again.code).toBe(0);
    const relative = (text: string) => text.replaceAll('12sess_4turn_2img_300word', 'IMAGES').replaceAll('again', 'IMAGES');
    expect(relative(readFileSync(join(scratch.work, 'chat', 'again.jsonl'), 'utf8'))).toBe(relative(readFileSync(file, 'utf8')));
  }, 120_000);
});

describe('mmload generate --sessions --turns --turns-stddev --images-per-turn --turn-delay-ms', () => {
  it('draws turns and delays per session, gives every turn fresh images as aiperf does, and names the file by its shape', async () => {
    const result = await runCli(['generate', '--sessions', '30', '--turns', '3', '--turns-stddev', '2', '--images-per-turn', '1', '--image-size', '64', '64',
      '--user-text-tokens', '20', '--turn-delay-ms', '1000', '--turn-delay-ratio', '0.5', '--seed', '5', '--output-dir', 'drawn'], { cwd: scratch.work });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const file = join(scratch.work, 'drawn', '30sess_3turn_1img_20word.jsonl');
    expect(existsSync(file)).toBe(true);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Line);
    expect(lines).toHaveLength(30);
    for (const line of lines) expect(multiTurnProblems(line)).toEqual([]);
    const counts = lines.map((line) => line.turns.length);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    expect(new Set(counts).size).toBeGreaterThan(2);
    for (const line of lines) {
      expect(line.turns[0]!.delay).toBeUndefined();
      expect(line.turns.slice(1).every((turn) => turn.delay === 500)).toBe(true);
      expect(line.turns.every((turn) => turn.images!.length === 1 && turn.output_length === undefined)).toBe(true);
    }
    expect(result.stdout).toContain('30 sessions of 3±2 turns');
    expect(result.stdout).toContain('1000 ms think time × 0.5 before later turns');
  }, 120_000);
});
