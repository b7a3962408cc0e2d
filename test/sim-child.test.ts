// `mmload sim` as a command of the built CLI, in a child process (startSimChild).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { simArgs, startSimChild } from '../src/sim/sim-child.js';
import { useScratch } from './helpers/shared-setup.js';


describe('mmload sim in a child process', () => {
  const setup = useScratch('mmload-sim-child-');

  it('turns options into the command\'s flags, port 0 unless given', () => {
    expect(simArgs({ model: 'm', maxNumSeqs: 8, prefixCaching: false, slowRead: true, trace: null, embeddingCacheGb: 0 })).toEqual(
      ['sim', '--port', '0', '--model', 'm', '--max-num-seqs', '8', '--no-prefix-caching', '--slow-read', '--embedding-cache-gb', '0']);
    expect(simArgs({ port: 9000 })).toEqual(['sim', '--port', '9000']);
  });

  it('starts, serves with the given options, and stops on SIGTERM after closing its trace', async () => {
    const trace = join(setup.work, 'trace.jsonl');
    const child = await startSimChild({ model: 'child-model', speed: 100, embeddingCacheGb: 0, trace });
    try {
      expect(child.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const models = (await (await request(`${child.url}/v1/models`)).body.json()) as { data: { id: string }[] };
      expect(models.data.map((m) => m.id)).toEqual(['child-model']);
      const res = await request(`${child.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'child-1' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello there.' }], max_tokens: 3, ignore_eos: true }),
      });
      expect((await res.body.json()) as object).toMatchObject({ usage: { completion_tokens: 3 } });
    } finally {
      await child.stop();
    }
    expect(existsSync(trace)).toBe(true);
    expect(JSON.parse(readFileSync(trace, 'utf8').trim())).toMatchObject({ x_request_id: 'child-1', status: 200 });
  });

  it('rejects with the child\'s own message when the options are invalid', async () => {
    await expect(startSimChild({ failRate: 0.8, rejectRate: 0.8 })).rejects.toThrow(/fault rates add up to 1\.6/);
  });
});
