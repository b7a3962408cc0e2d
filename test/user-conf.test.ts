// LoadGen's user.conf as mmload reads it: the keys it implements, LoadGen's lookup order, and every malformed line refused.
import { describe, expect, it } from 'vitest';
import { parseUserConf } from '../src/mlperf/user-conf.js';
import { UsageError } from '../src/util/exit-codes.js';

const conf = [
  '# Q3VL settings',
  '*.Offline.target_qps = 80.48',
  '*.Offline.min_duration = 600000',
  '*.Offline.min_query_count = 48289',
  '',
  '*.Server.target_qps = 5.0   # a comment after the value',
  '*.Server.min_duration = 600000',
  'qwen3-vl-235b-a22b.Server.target_qps = 4.5',
  'qwen3-vl-235b-a22b.*.min_query_count = 1000',
  '*.*.target_latency_percentile = 99',
  'llama2-70b.Server.target_qps = 99',
  'llama2-70b.Server.some_key_of_theirs = 1',
].join('\n');

describe('user.conf', () => {
  it('reads each scenario\'s settings: the model\'s own key first, then *.Scenario, model.*, *.*', () => {
    expect(parseUserConf(conf, 'user.conf', 'Offline')).toEqual({
      targetQps: 80.48, minDurationMs: 600000, minQueryCount: 48289, targetLatencyPercentile: 99,
    });
    expect(parseUserConf(conf, 'user.conf', 'Server')).toEqual({
      targetQps: 4.5, minDurationMs: 600000, minQueryCount: 1000, targetLatencyPercentile: 99,
    });
  });

  it('reads the latency bound and the performance sample count', () => {
    const text = 'qwen3-vl-235b-a22b.Server.target_latency = 12000\n*.*.performance_sample_count_override = 48289\n';
    expect(parseUserConf(text, 'u', 'Server')).toEqual({ targetLatencyMs: 12000, performanceSampleCount: 48289 });
  });

  it('refuses, naming the file and line, a key it does not implement, a bad value and a malformed line', () => {
    const refused = (text: string) => () => parseUserConf(text, 'user.conf', 'Server');
    expect(refused('*.Server.target_qps = 5\n*.Server.sample_concatenate_permutation = 1')).toThrow(UsageError);
    expect(refused('*.Server.target_qps = 5\n*.Server.sample_concatenate_permutation = 1'))
      .toThrow(/^user.conf:2: sample_concatenate_permutation is not a user.conf key mmload implements \(it reads target_qps, /);
    expect(refused('*.Server.target_qps = fast')).toThrow(/user.conf:1: target_qps needs a number >= 0 \(got "fast"\)/);
    expect(refused('*.Server.min_query_count = 10.5')).toThrow(/min_query_count needs a whole number/);
    expect(refused('*.Server.target_qps=5')).toThrow(/user.conf:1: expected 'model.scenario.key = value'/);
    expect(refused('target_qps = 5')).toThrow(/the key "target_qps" is not model.scenario.key/);
  });
});
