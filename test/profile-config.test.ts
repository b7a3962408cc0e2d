// Flag resolution: URL normalisation, headers, API key, validation, aiperf flag refusal and secret redaction.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveProfileConfig } from '../src/commands/profile/profile-config.js';
import type { ProfileFlags } from '../src/commands/profile/profile-options.js';
import { cliCommand, savedConfig } from '../src/run/redact.js';
import { argumentRedactor } from '../src/secrets/redactor.js';
import { secretValues } from '../src/secrets/secret-values.js';
import { UsageError } from '../src/util/exit-codes.js';

const base: ProfileFlags = {
  url: 'localhost:8000', endpoint: '/v1/chat/completions', streaming: true, sim: false, 'sim-speed': 10,
  'sim-embedding-cache-gb': 10, 'sim-max-num-seqs': 1024, 'sim-prefix-caching': true, header: [], 'request-timeout-seconds': 600,
  'extra-inputs': [], 'random-seed': 0, 'image-host': '127.0.0.1', 'image-port': 0,
  'use-server-token-count': false, verbose: false, 'benchmark-grace-period': 30, 'fixed-schedule': false,
  'fixed-schedule-auto-offset': false, 'target-latency-ms': 12000, 'target-latency-percentile': 99, 'min-duration': 600,
  'min-query-count': 48289,
};
const resolve = (flags: Partial<ProfileFlags>, env: NodeJS.ProcessEnv = {}) => resolveProfileConfig({ ...base, ...flags }, 'mmload', env);

describe('resolveProfileConfig', () => {
  it('sends --osl as max_completion_tokens, or as max_tokens with --use-legacy-max-tokens', () => {
    expect(resolve({ 'output-tokens-mean': 50 }).workload).toMatchObject({ outputTokens: { mean: 50, stddev: 0 }, maxTokensKey: 'max_completion_tokens' });
    expect(resolve({ 'output-tokens-mean': 50, 'use-legacy-max-tokens': true }).workload.maxTokensKey).toBe('max_tokens');
  });

  it('adds http:// to a bare host:port, as aiperf does', () => {
    const c = resolve({});
    expect(c.origin).toBe('http://localhost:8000');
    expect(c.endpointPath).toBe('/v1/chat/completions');
    expect(c.modelsPath).toBe('/v1/models');
  });

  it('keeps https and puts a base path in front of the endpoint without doubling /v1', () => {
    expect(resolve({ url: 'https://gw.example:443/proxy/v1/' })).toMatchObject({
      origin: 'https://gw.example', endpointPath: '/proxy/v1/chat/completions', modelsPath: '/proxy/v1/models',
    });
    expect(resolve({ url: 'http://h:9000', endpoint: 'v1/custom' }).endpointPath).toBe('/v1/custom');
  });

  it('takes several --url values, repeated or comma-separated, each parsed alone; origin is the first', () => {
    const c = resolve({ url: ['a:1', 'https://b/proxy/v1,c:3/'], endpoint: 'v1/custom' });
    expect(c.targets).toEqual([
      { origin: 'http://a:1', path: '/v1/custom', modelsPath: '/v1/models' },
      { origin: 'https://b', path: '/proxy/v1/custom', modelsPath: '/proxy/v1/models' },
      { origin: 'http://c:3', path: '/v1/custom', modelsPath: '/v1/models' },
    ]);
    expect(c).toMatchObject({ origin: 'http://a:1', endpointPath: '/v1/custom', modelsPath: '/v1/models' });
    expect(resolve({ url: undefined }).targets).toEqual([{ origin: 'http://localhost:8000', path: '/v1/chat/completions', modelsPath: '/v1/models' }]);
    expect(() => resolve({ url: ['a:1', 'ftp://b'] })).toThrow(/--url must be http or https: ftp:\/\/b/);
    expect(() => resolve({ url: [','] })).toThrow(/--url needs a server URL/);
  });

  it('turns --api-key or OPENAI_API_KEY into a bearer header, the flag winning', () => {
    expect(resolve({}, { OPENAI_API_KEY: 'env-key' }).headers).toEqual({ Authorization: 'Bearer env-key' });
    expect(resolve({ 'api-key': 'flag-key' }, { OPENAI_API_KEY: 'env-key' }).headers).toEqual({ Authorization: 'Bearer flag-key' });
    expect(resolve({ 'api-key': 'k', header: ['Authorization: Basic abc'] }).headers).toEqual({ Authorization: 'Basic abc' });
  });

  it('parses -H "Name:Value" on the first colon', () => {
    expect(resolve({ header: ['X-Trace: a:b', 'X-Empty:'] }).headers).toEqual({ 'X-Trace': 'a:b', 'X-Empty': '' });
  });

  it('coerces --extra-inputs the aiperf way', () => {
    expect(resolve({ 'extra-inputs': ['max_tokens:500', 'min_tokens:500', 'ignore_eos:true'] }).workload.extraInputs)
      .toEqual({ max_tokens: 500, min_tokens: 500, ignore_eos: true });
  });

  it('parses --goodput the aiperf way, thresholds in ms', () => {
    expect(resolve({ goodput: 'time_to_first_token:200 inter_token_latency:20,request_latency:12000' }).goodput)
      .toEqual({ time_to_first_token: 200, inter_token_latency: 20, request_latency: 12000 });
    expect(resolve({}).goodput).toBeUndefined();
    expect(() => resolve({ goodput: 'time_to_first_token:fast' })).toThrow(/threshold for time_to_first_token is not a number/);
    expect(() => resolve({ goodput: 'ttft200' })).toThrow(/"ttft200" is not metric:value/);
  });

  it('reports every bad value at once in one line', () => {
    let error: unknown;
    try {
      resolve({ url: 'ftp://x', concurrency: 0, 'request-count': 2.5, header: ['novalue'], 'request-timeout-seconds': -1 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    for (const part of ['--url must be http or https', '--concurrency must be an integer >= 1', '--request-count', '--header', '--request-timeout-seconds']) {
      expect(message).toContain(part);
    }
  });

  it('passes --no-streaming to the workload, which then asks for one JSON reply', () => {
    expect(resolve({ streaming: false }).workload.streaming).toBe(false);
    expect(resolve({}).workload.streaming).toBe(true);
  });

  it('rejects a URL that cannot be parsed', () => {
    expect(() => resolve({ url: 'http://exa mple:80' })).toThrow(/--url is not a valid URL/);
  });
});

describe('workload resolution: explicit flag > preset > Scenario A shape', () => {
  it('gives a generated workload Scenario A numbers by default', () => {
    const c = resolve({});
    expect(c.workload.inputFile).toBeUndefined();
    expect(c.workload.systemPromptTokens).toBe(8600);
    expect(c.workload.forcedOutputTokens).toBe(500);
    expect(c.workload.generated).toMatchObject({ requests: 100, imagesPerRequest: 3, hitRate: 0.2, pool: undefined, imageWidth: { mean: 512, stddev: 0 }, imageHeight: { mean: 512, stddev: 0 }, userTextTokens: { mean: 4300, stddev: 0 } });
    expect(c.concurrency).toBe(1);
  });

  it('sets every number of a preset, and explicit flags override them', () => {
    const b = resolve({ preset: 'scenario-b' });
    expect(b.workload).toMatchObject({ systemPromptTokens: 5000, forcedOutputTokens: 500, warmupRequestCount: 10 });
    expect(b.workload.generated).toMatchObject({ requests: 100, imagesPerRequest: 20, hitRate: 0.27, userTextTokens: { mean: 4000, stddev: 0 } });
    const ab = resolve({ preset: 'cache-ab' });
    expect(ab.concurrency).toBe(64);
    expect(ab.workload).toMatchObject({ systemPromptTokens: undefined, forcedOutputTokens: 150, warmupRequestCount: 3 });
    expect(ab.workload.generated).toMatchObject({ requests: 1000, imagesPerRequest: 1, pool: 200, hitRate: undefined, userTextTokens: { mean: 400, stddev: 0 } });
    const overridden = resolve({ preset: 'cache-ab', concurrency: 8, 'cache-hit-rate': 0.5, 'request-count': 40, 'shared-system-prompt-length': 100, 'output-tokens': 0 });
    expect(overridden.concurrency).toBe(8);
    expect(overridden.workload.generated).toMatchObject({ requests: 40, pool: undefined, hitRate: 0.5 });
    expect(overridden.workload).toMatchObject({ systemPromptTokens: 100, forcedOutputTokens: undefined });
    // An explicit 0 turns a shape's system prompt off, the bare command's Scenario A's included.
    expect(resolve({ 'shared-system-prompt-length': 0 }).workload.systemPromptTokens).toBeUndefined();
    expect(resolve({ preset: 'scenario-b', 'shared-system-prompt-length': 0 }).workload.systemPromptTokens).toBeUndefined();
  });

  it('lets aiperf\'s --osl replace a preset\'s forced length with max_tokens only', () => {
    expect(resolve({ preset: 'scenario-a', 'output-tokens-mean': 64 }).workload).toMatchObject({ outputTokens: { mean: 64, stddev: 0 }, forcedOutputTokens: undefined });
    expect(() => resolve({ 'output-tokens-mean': 64, 'output-tokens': 64 })).toThrow(/not both/);
  });

  it('reads aiperf\'s image flags as the image size and count', () => {
    expect(resolve({ 'image-width-mean': 640, 'image-height-mean': 480, 'images-per-request': 1 }).workload.generated)
      .toMatchObject({ imageWidth: { mean: 640, stddev: 0 }, imageHeight: { mean: 480, stddev: 0 }, imagesPerRequest: 1 });
    expect(resolve({ 'image-size': [256, 128] }).workload.generated).toMatchObject({ imageWidth: { mean: 256, stddev: 0 }, imageHeight: { mean: 128, stddev: 0 } });
  });

  it('with an input file uses no generated defaults, but a preset still sets prompt, output and counts', () => {
    expect(resolve({ 'input-file': 'x.jsonl' }).workload).toMatchObject({ systemPromptTokens: undefined, forcedOutputTokens: undefined, requestCount: undefined, warmupRequestCount: 0 });
    expect(resolve({ 'input-file': 'x.jsonl', preset: 'scenario-b' }).workload).toMatchObject({ systemPromptTokens: 5000, forcedOutputTokens: 500, requestCount: 100, warmupRequestCount: 10 });
  });

  it('chooses how images are delivered', () => {
    expect(resolve({ 'image-mode': 'http', 'image-host': '10.0.0.5', 'image-port': 9000 }).workload.delivery).toEqual({ mode: 'http', host: '10.0.0.5', port: 9000 });
    expect(resolve({ 'image-mode': 'http', 'image-urls': 'urls.txt' }).workload.delivery).toEqual({ mode: 'urls', file: 'urls.txt' });
    expect(() => resolve({ 'image-urls': 'urls.txt' })).toThrow(/--image-urls needs --image-mode http/);
  });

  it('reports impossible reuse settings', () => {
    expect(() => resolve({ 'images-pool': 10, 'cache-hit-rate': 0.2 })).toThrow(/not both/);
    expect(() => resolve({ 'cache-hit-rate': 1 })).toThrow(/--cache-hit-rate must be in \[0, 1\)/);
    expect(() => resolve({ 'image-popularity': 'pareto' })).toThrow(/popularity/);
  });
});

describe('load shapes', () => {
  it('is closed loop by default, open loop with a rate (capped only by an explicit --concurrency)', () => {
    expect(resolve({ concurrency: 8 }).load.shape).toEqual({ kind: 'concurrency', concurrency: 8 });
    expect(resolve({ 'request-rate': 50 }).load.shape).toEqual({ kind: 'rate', rate: 50, mode: 'poisson', smoothness: 1, rampMs: 0, cap: undefined });
    expect(resolve({ 'request-rate': 50, 'request-rate-mode': 'gamma', 'arrival-smoothness': 4, 'request-rate-ramp-duration': 2, concurrency: 16 }).load.shape)
      .toEqual({ kind: 'rate', rate: 50, mode: 'gamma', smoothness: 4, rampMs: 2000, cap: 16 });
  });

  it('takes MLPerf\'s numbers as defaults, lowered by flags', () => {
    expect(resolve({ scenario: 'mlperf-server', 'server-target-qps': 5 }).load.shape).toMatchObject({
      kind: 'mlperf-server', targetQps: 5, targetLatencyMs: 12000, percentile: 0.99, minDurationMs: 600_000, minQueryCount: 48289,
    });
    expect(resolve({ scenario: 'mlperf-offline', 'min-duration': 10, 'min-query-count': 100 }).load.shape)
      .toMatchObject({ kind: 'mlperf-offline', minDurationMs: 10_000, minQueryCount: 100 });
  });

  it('holds at most 1,000 requests in flight, as the reference client does, unless --concurrency says otherwise', () => {
    expect(resolve({ scenario: 'mlperf-offline' }).load.shape).toMatchObject({ mode: 'performance', connections: 1000 });
    expect(resolve({ scenario: 'mlperf-server', 'server-target-qps': 5 }).load.shape).toMatchObject({ mode: 'performance', cap: 1000 });
    expect(resolve({ scenario: 'mlperf-server', 'server-target-qps': 5, concurrency: 64 }).load.shape).toMatchObject({ cap: 64 });
  });

  it('checks the MLPerf catalogue\'s own rules: an input file, no streaming, its flags with it only', () => {
    expect(() => resolve({ 'custom-dataset-type': 'mlperf_q3vl', streaming: undefined })).toThrow(/mlperf_q3vl needs --input-file/);
    expect(() => resolve({ 'custom-dataset-type': 'mlperf_q3vl', 'input-file': 'c.jsonl', streaming: true })).toThrow(/are not streamed/);
    expect(() => resolve({ 'mlperf-guided-decoding': true })).toThrow(/apply to --custom-dataset-type mlperf_q3vl/);
    expect(resolve({ 'custom-dataset-type': 'mlperf_q3vl', 'input-file': 'c.jsonl', streaming: undefined, 'mlperf-system-prompt': 'p.txt', 'mlperf-guided-decoding': true }).workload.mlperf)
      .toEqual({ systemPromptFile: 'p.txt', guidedDecoding: true, sampleCount: undefined });
  });

  it('sends the MLPerf catalogue as LoadGen sizes a performance run, and every sample once otherwise', () => {
    const catalogue = { 'custom-dataset-type': 'mlperf_q3vl', 'input-file': 'c.jsonl', streaming: undefined } as const;
    const count = (flags: Partial<ProfileFlags>) => resolve({ ...catalogue, ...flags }).workload.requestCount;
    expect(count({ scenario: 'mlperf-server', 'server-target-qps': 5, 'min-duration': 60, 'min-query-count': 100 })).toBe(300);
    expect(count({ scenario: 'mlperf-server', 'server-target-qps': 5, 'min-duration': 60, 'min-query-count': 1000 })).toBe(1000);
    expect(count({ scenario: 'mlperf-offline', 'min-query-count': 500 })).toBe(500);
    expect(count({ scenario: 'mlperf-offline', 'mlperf-mode': 'accuracy' })).toBeUndefined();
    expect(count({ scenario: 'mlperf-server', 'server-target-qps': 5, 'benchmark-duration': 30 })).toBeUndefined();
    expect(count({ scenario: 'mlperf-offline', 'request-count': 7 })).toBe(7);
    expect(count({})).toBeUndefined();
  });

  it('runs accuracy mode only under an MLPerf scenario', () => {
    expect(resolve({ scenario: 'mlperf-offline', 'mlperf-mode': 'accuracy' }).load.shape).toMatchObject({ kind: 'mlperf-offline', mode: 'accuracy' });
    expect(() => resolve({ 'mlperf-mode': 'accuracy' })).toThrow(/--mlperf-mode accuracy needs --scenario/);
  });

  it('takes user.conf\'s settings for the scenario over the flags, and refuses a key it does not implement', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmload-userconf-'));
    try {
      const conf = join(dir, 'user.conf');
      writeFileSync(conf, '*.Server.target_qps = 2.5\n*.Server.min_duration = 30000\nqwen3-vl-235b-a22b.*.min_query_count = 64\n*.Server.target_latency = 8000\n');
      expect(resolve({ scenario: 'mlperf-server', 'server-target-qps': 9, 'mlperf-user-conf': conf }).load.shape).toMatchObject({
        kind: 'mlperf-server', targetQps: 2.5, minDurationMs: 30_000, minQueryCount: 64, targetLatencyMs: 8000,
      });
      expect(resolve({ scenario: 'mlperf-offline', 'mlperf-user-conf': conf }).load.shape).toMatchObject({ minDurationMs: 600_000, minQueryCount: 64 });
      writeFileSync(join(dir, 'psc.conf'), '*.*.performance_sample_count_override = 40\n');
      const catalogue = resolve({ scenario: 'mlperf-offline', 'mlperf-user-conf': join(dir, 'psc.conf'), 'custom-dataset-type': 'mlperf_q3vl', 'input-file': 'c.jsonl', streaming: undefined });
      expect(catalogue.workload.mlperf).toEqual({ systemPromptFile: undefined, guidedDecoding: false, sampleCount: 40 });
      expect(catalogue.workload).toMatchObject({ datasetType: 'mlperf_q3vl', streaming: false, requestCount: 48289, generated: { sampling: 'shuffle' } });
      expect(() => resolve({ 'mlperf-user-conf': conf })).toThrow(/--mlperf-user-conf needs --scenario/);
      writeFileSync(conf, '*.Server.max_async_queries = 4\n');
      expect(() => resolve({ scenario: 'mlperf-server', 'server-target-qps': 1, 'mlperf-user-conf': conf })).toThrow(/user.conf:1: max_async_queries is not a user.conf key mmload implements/);
      expect(() => resolve({ scenario: 'mlperf-server', 'server-target-qps': 1, 'mlperf-user-conf': join(dir, 'none.conf') })).toThrow(/--mlperf-user-conf .*none.conf: no such file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns durations into milliseconds and refuses mixed or incomplete shapes', () => {
    expect(resolve({ 'benchmark-duration': 60, 'warmup-duration': 5 }).load).toMatchObject({ durationMs: 60_000, graceMs: 30_000, warmupDurationMs: 5000 });
    expect(() => resolve({ 'request-rate': 5, 'fixed-schedule': true, 'input-file': 'x.jsonl' })).toThrow(/choose one load shape/);
    expect(() => resolve({ scenario: 'mlperf-server' })).toThrow(/needs --server-target-qps/);
    expect(() => resolve({ 'request-rate-mode': 'constant' })).toThrow(/need --request-rate/);
    expect(() => resolve({ 'request-rate': 5, 'arrival-smoothness': 2 })).toThrow(/needs --request-rate-mode gamma/);
    expect(() => resolve({ 'fixed-schedule': true })).toThrow(/replays the timestamps of an --input-file/);
  });
});

describe('secrets', () => {
  it('never leave the process in the saved configuration or command line, whatever flag spelling carried them', () => {
    const argv = ['--api-key', 'sk-secret', '-H', 'Authorization: Bearer sk-other', '-H', 'X-Team: infra', '--api-key=sk-secret',
      '--apiKey', 'sk-secret', '-H=X-Api-Key: sk-x', '-H', 'X-A: 1', 'Ocp-Apim-Subscription-Key: sub-key-1'];
    const config = resolve({ 'api-key': 'sk-secret', header: ['Authorization: Bearer sk-other', 'X-Api-Key: sk-x', 'X-Team: infra', 'Ocp-Apim-Subscription-Key: sub-key-1'] });
    const saved = JSON.stringify(savedConfig(config, ['m'], argv));
    for (const secret of ['sk-secret', 'sk-other', 'sk-x', 'sub-key-1']) expect(saved).not.toContain(secret);
    expect(saved).toContain('X-Team');
    expect(saved).toContain('infra');
    expect(cliCommand(['-H', 'Authorization: Bearer sk-other', '--apiKey', 'sk-other', '--api-key', 'abc', '-H=X-Api-Key: abc'],
      argumentRedactor(secretValues({ headers: { Authorization: 'Bearer sk-other' }, apiKey: 'abc' }))))
      .toBe("mmload -H 'Authorization: <redacted>' --apiKey '<redacted>' --api-key '<redacted>' '-H=X-Api-Key: <redacted>'");
  });

  it('knows every secret given: API key, secret headers, secret extra inputs and URL credentials and tokens', () => {
    const config = resolve({
      'api-key': 'sk-api-1', header: ['X-Api-Key: hk-2', 'X-Team: infra'], 'extra-inputs': ['api_key:ek-3', 'max_tokens:500', 'password:pw-4'],
      url: 'http://host:8000/v1?token=ut-5&region=eu', 'server-metrics': ['host:9000?access_token=mt-6'],
    });
    expect([...config.secrets].sort()).toEqual(['Bearer sk-api-1', 'ek-3', 'hk-2', 'mt-6', 'pw-4', 'sk-api-1', 'ut-5']);
  });

  it('masks the secrets a refusal would quote', () => {
    expect(() => resolve({ url: 'ftp://host/x?token=tk-quoted-1', 'api-key': 'sk-quoted-2', 'request-count': -1 }))
      .toThrow(/^--url must be http or https: ftp:\/\/host\/x\?token=<redacted>; /);
  });

  it('refuses credentials inside --url', () => {
    expect(() => resolve({ url: 'http://user:pass@host:8000' })).toThrow(/--url must not carry a user or password/);
  });
});
