// Flag resolution: URL normalisation, headers, API key, validation, aiperf flag refusal and secret redaction.
import { describe, expect, it } from 'vitest';
import { resolveProfileConfig, type ProfileFlags } from '../src/cli/profile-config.js';
import { redactArgv, savedConfig } from '../src/cli/redact.js';
import { refuseUnsupportedAiperfFlags } from '../src/cli/unsupported-aiperf-flags.js';
import { UsageError } from '../src/cli/exit-codes.js';

const base: ProfileFlags = {
  url: 'localhost:8000', endpoint: '/v1/chat/completions', streaming: true, header: [], 'request-timeout-seconds': 600,
  'extra-inputs': [], 'synthetic-input-tokens-mean': 550, 'random-seed': 0, concurrency: 1,
  'warmup-request-count': 0, 'use-server-token-count': false, verbose: false,
};
const resolve = (flags: Partial<ProfileFlags>, env: NodeJS.ProcessEnv = {}) => resolveProfileConfig({ ...base, ...flags }, env);

describe('resolveProfileConfig', () => {
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

  it('turns --api-key or OPENAI_API_KEY into a bearer header, the flag winning', () => {
    expect(resolve({}, { OPENAI_API_KEY: 'env-key' }).headers).toEqual({ Authorization: 'Bearer env-key' });
    expect(resolve({ 'api-key': 'flag-key' }, { OPENAI_API_KEY: 'env-key' }).headers).toEqual({ Authorization: 'Bearer flag-key' });
    expect(resolve({ 'api-key': 'k', header: ['Authorization: Basic abc'] }).headers).toEqual({ Authorization: 'Basic abc' });
  });

  it('parses -H "Name:Value" on the first colon', () => {
    expect(resolve({ header: ['X-Trace: a:b', 'X-Empty:'] }).headers).toEqual({ 'X-Trace': 'a:b', 'X-Empty': '' });
  });

  it('coerces --extra-inputs the aiperf way', () => {
    expect(resolve({ 'extra-inputs': ['max_tokens:500', 'min_tokens:500', 'ignore_eos:true'] }).extraInputs)
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

  it('refuses --no-streaming rather than ignoring it', () => {
    expect(() => resolve({ streaming: false })).toThrow(/--no-streaming is not supported yet/);
  });

  it('rejects a URL that cannot be parsed', () => {
    expect(() => resolve({ url: 'http://exa mple:80' })).toThrow(/--url is not a valid URL/);
  });
});

describe('unsupported aiperf flags', () => {
  it('names the flag instead of ignoring it', () => {
    expect(() => refuseUnsupportedAiperfFlags(['--request-rate', '5'])).toThrow('--request-rate is an aiperf flag that mmload does not support yet');
    expect(() => refuseUnsupportedAiperfFlags(['--fixed-schedule=true'])).toThrow(/--fixed-schedule/);
    expect(() => refuseUnsupportedAiperfFlags(['--concurrency', '4', '--', '--request-rate'])).not.toThrow();
  });
});

describe('secrets', () => {
  it('never leave the process in the saved configuration or command line', () => {
    const argv = ['--api-key', 'sk-secret', '-H', 'Authorization: Bearer sk-other', '-H', 'X-Team: infra', '--api-key=sk-third'];
    const config = resolve({ 'api-key': 'sk-secret', header: ['Authorization: Bearer sk-other', 'X-Api-Key: sk-x', 'X-Team: infra'] });
    const saved = JSON.stringify(savedConfig(config, 'm', argv));
    for (const secret of ['sk-secret', 'sk-other', 'sk-third', 'sk-x']) expect(saved).not.toContain(secret);
    expect(saved).toContain('X-Team');
    expect(saved).toContain('infra');
    expect(redactArgv(argv)).toEqual(['--api-key', '<redacted>', '-H', 'Authorization:<redacted>', '-H', 'X-Team: infra', '--api-key=<redacted>']);
  });
});
