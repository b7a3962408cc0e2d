// aiperf's conversation flags under `mmload profile`: their spellings, their resolution into WorkloadSpec.conversations, the chat-reuse preset, and their checks.
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { withConfigFile } from '../src/cli/config-file.js';
import { resolveProfileConfig } from '../src/commands/profile/profile-config.js';
import { profileOptions, type ProfileFlags } from '../src/commands/profile/profile-options.js';
import { shardOptions } from '../src/commands/profile/shard-options.js';
import { opinionsOf } from '../src/run/opinions.js';
import { planConversations } from '../src/workload/synthetic-conversations.js';

/** `mmload profile`'s parser as main.ts builds it, strict, then the config every door resolves. */
function profile(args: string[]) {
  const flags = shardOptions(profileOptions(withConfigFile(yargs(), [], () => {})))
    .parserConfiguration({ 'short-option-groups': false })
    .strict()
    .fail((message, err) => {
      throw err ?? new Error(message);
    })
    .parseSync(['--url', 'localhost:8000', '--random-seed', '1', ...args]) as unknown as ProfileFlags;
  return resolveProfileConfig(flags, opinionsOf('profile', flags.preset), {});
}

const problemOf = (args: string[]): string => {
  try {
    profile(args);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`no problem with ${args.join(' ')}`);
};

describe('the conversation flags', () => {
  it('take aiperf\'s names, their aliases and mmload\'s short ones alike', () => {
    const spellings = [
      ['--conversation-turn-mean', '--conversation-turn-stddev', '--conversation-turn-delay-mean', '--conversation-turn-delay-stddev', '--conversation-turn-delay-ratio', '--conversation-num'],
      ['--session-turns-mean', '--session-turns-stddev', '--session-turn-delay-mean', '--session-turn-delay-stddev', '--session-delay-ratio', '--num-sessions'],
      ['--turns', '--turns-stddev', '--turn-delay-ms', '--turn-delay-stddev-ms', '--turn-delay-ratio', '--num-conversations'],
    ];
    const values = ['3', '1', '500', '100', '0.5', '7'];
    const resolved = spellings.map((names) => profile(names.flatMap((name, i) => [name, values[i]!])).workload.conversations);
    expect(resolved[0]).toEqual({
      conversations: 7, sessions: 7, turns: { mean: 3, stddev: 1 }, turnDelayMs: { mean: 500, stddev: 100 }, turnDelayRatio: 0.5, followUpImages: undefined,
    });
    expect(resolved[1]).toEqual(resolved[0]);
    expect(resolved[2]).toEqual(resolved[0]);
  });

  it('under aiperf\'s defaults: 100 conversations, --request-count counts turns (10 by default), --conversation-num sessions', () => {
    const plain = profile(['--conversation-turn-mean', '3']).workload;
    expect(plain.conversations).toMatchObject({ conversations: 100, sessions: undefined, turns: { mean: 3, stddev: 0 }, turnDelayRatio: 1 });
    expect(plain.requestCount).toBe(10);
    expect(profile(['--conversation-turn-mean', '3', '--concurrency', '8']).workload.requestCount).toBe(16);
    expect(profile(['--conversation-turn-mean', '3', '--request-count', '25']).workload).toMatchObject({ requestCount: 25, conversations: { sessions: undefined } });
    const bySessions = profile(['--conversation-turn-mean', '3', '--conversation-num', '12', '--num-dataset-entries', '5']).workload;
    expect(bySessions).toMatchObject({ requestCount: undefined, conversations: { conversations: 5, sessions: 12 } });
  });

  it('leave single requests as they were: a turn mean of 1 makes no conversations, and --conversation-num counts requests', () => {
    const single = profile(['--conversation-num', '5']).workload;
    expect(single.conversations).toBeUndefined();
    expect(single).toMatchObject({ requestCount: 5, generated: { entries: 5 } });
    expect(profile(['--conversation-turn-mean', '1', '--conversation-turn-delay-mean', '300']).workload.conversations).toBeUndefined();
    expect(profile(['--conversation-turn-stddev', '1']).workload.conversations).toMatchObject({ turns: { mean: 1, stddev: 1 } });
  });

  it('--inter-turn-delay-cap-seconds is an aiperf flag mmload drops with a notice (see aiperf-flags.test.ts), not one it parses', () => {
    expect(() => profile(['--inter-turn-delay-cap-seconds', '5'])).toThrow(/Unknown argument/);
  });
});

describe('--preset chat-reuse', () => {
  it('is 200 sessions × 4 turns, 2 images of 512×512 first, none or one new image per follow-up, 300 user tokens, 150 forced output tokens', () => {
    const workload = profile(['--preset', 'chat-reuse']).workload;
    expect(workload.conversations).toEqual({
      conversations: 200, sessions: 200, turns: { mean: 4, stddev: 0 }, turnDelayMs: { mean: 0, stddev: 0 }, turnDelayRatio: 1, followUpImages: 0.5,
    });
    expect(workload).toMatchObject({
      requestCount: undefined, forcedOutputTokens: 150, systemPromptTokens: undefined, streaming: true,
      generated: { imagesPerRequest: 2, userTextTokens: { mean: 300, stddev: 0 }, imageWidth: { mean: 512 }, imageHeight: { mean: 512 } },
    });
    const plan = planConversations(workload.conversations!, workload.generated.imagesPerRequest, workload.seed);
    expect(plan.conversations.map((turns) => turns.length)).toEqual(new Array(200).fill(4));
    const later = plan.conversations.flatMap((turns) => turns.slice(1).map((turn) => turn.images.length));
    expect(new Set(later)).toEqual(new Set([0, 1]));
    expect(plan.images).toBe(400 + later.reduce((sum, n) => sum + n, 0));
  });

  it('takes explicit flags over its numbers, and steps aside for an input file', () => {
    expect(profile(['--preset', 'chat-reuse', '--turns', '6', '--follow-up-images', '1', '--num-sessions', '20']).workload.conversations)
      .toMatchObject({ conversations: 20, sessions: 20, turns: { mean: 6 }, followUpImages: 1 });
    expect(profile(['--preset', 'chat-reuse', '--request-count', '30']).workload).toMatchObject({ requestCount: 30, conversations: { sessions: undefined } });
    const file = profile(['--preset', 'chat-reuse', '--input-file', 'sessions.jsonl']).workload;
    expect(file.conversations).toBeUndefined();
    expect(file.forcedOutputTokens).toBe(150);
  });
});

describe('checks', () => {
  it.each([
    [['--conversation-turn-mean', '0'], '--conversation-turn-mean must be an integer >= 1 (got 0)'],
    [['--session-turns-mean', '2.5'], '--conversation-turn-mean must be an integer >= 1 (got 2.5)'],
    [['--turns', '3', '--turns-stddev', '-1'], '--conversation-turn-stddev must be an integer >= 0 (got -1)'],
    [['--turns', '3', '--turn-delay-ms', '-5'], '--conversation-turn-delay-mean must be a number >= 0 (ms) (got -5)'],
    [['--turns', '3', '--session-turn-delay-stddev', '-1'], '--conversation-turn-delay-stddev must be a number >= 0 (ms) (got -1)'],
    [['--turns', '3', '--session-delay-ratio', '-0.5'], '--conversation-turn-delay-ratio must be a number >= 0 (got -0.5)'],
    [['--turns', '3', '--follow-up-images', '-1'], '--follow-up-images must be a number >= 0 (got -1)'],
    [['--follow-up-images', '1'], '--follow-up-images applies to conversations: give --conversation-turn-mean above 1 (or --preset chat-reuse)'],
    [['--turns', '3', '--input-file', 'f.jsonl'], '--conversation-turn-mean and --conversation-turn-stddev shape synthetic conversations; an --input-file\'s sessions are as the file gives them'],
    [['--preset', 'chat-reuse', '--images-pool', '10'], '--images-pool shapes image reuse across single requests; a conversation\'s images are all distinct and come back through its history'],
    [['--turns', '2', '--image-size', '64', '64', '--cache-hit-rate', '0.5', '--image-popularity', 'zipf:1.1'], '--cache-hit-rate, --image-popularity shape image reuse across single requests; a conversation\'s images are all distinct and come back through its history'],
    [['--preset', 'chat-reuse', '--image-mode', 'http'], '--image-mode http applies to single requests; conversations send their images inline (base64)'],
    [['--turns', '3', '--follow-up-images', '1'], '--follow-up-images needs images of a size: give --image-width-mean and --image-height-mean (or --image-size)'],
    [['--turns', '3', '--request-count', '5', '--conversation-num', '2'], 'give --request-count or --num-conversations, not both'],
  ])('%j', (args, message) => {
    expect(problemOf(args)).toBe(message);
  });
});
