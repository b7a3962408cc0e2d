// The simulator's Prometheus /metrics under vLLM's names: cache counters, queue gauges, token counters and latency histograms.
import type { EngineCore } from './engine-core.js';

/** vLLM's bucket bounds (seconds). */
const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560];
const E2E_BUCKETS = [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680];

class Histogram {
  /** counts[i]: observations <= bounds[i] and > bounds[i - 1]; the last slot is +Inf. */
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(seconds: number): void {
    let i = 0;
    while (i < this.bounds.length && seconds > this.bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += seconds;
    this.count++;
  }

  lines(name: string, label: string): string[] {
    const out: string[] = [];
    let cumulative = 0;
    this.bounds.forEach((bound, i) => {
      cumulative += this.counts[i]!;
      out.push(`${name}_bucket{${label},le="${float(bound)}"} ${float(cumulative)}`);
    });
    out.push(`${name}_bucket{${label},le="+Inf"} ${float(this.count)}`, `${name}_count{${label}} ${float(this.count)}`, `${name}_sum{${label}} ${this.sum}`);
    return out;
  }
}

/** Prometheus' Python client writes every value as a float. */
function float(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

export class SimMetrics {
  private readonly ttft = new Histogram(TTFT_BUCKETS);
  private readonly e2e = new Histogram(E2E_BUCKETS);
  private promptTokens = 0;
  private generationTokens = 0;
  private readonly finished = { length: 0, stop: 0 };

  constructor(private readonly model: string, private readonly core: EngineCore) {}

  /** From the body received to the engine's first token (real seconds, so at the --speed in use). */
  firstToken(seconds: number): void {
    this.ttft.observe(seconds);
  }

  /** A request whose every token was generated. */
  finish(seconds: number, promptTokens: number, outputTokens: number, reason: 'length' | 'stop'): void {
    this.e2e.observe(seconds);
    this.promptTokens += promptTokens;
    this.generationTokens += outputTokens;
    this.finished[reason]++;
  }

  render(): string {
    const label = `model_name=${JSON.stringify(this.model)}`;
    const { counters } = this.core;
    const out: string[] = [];
    const metric = (name: string, type: 'counter' | 'gauge' | 'histogram', help: string, samples: string[]): void => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
    };
    const counter = (name: string, help: string, value: number): void => metric(name, 'counter', help, [`${name}_total{${label}} ${float(value)}`]);
    metric('vllm:num_requests_running', 'gauge', 'Number of requests in model execution batches.', [`vllm:num_requests_running{${label}} ${float(this.core.runningCount)}`]);
    metric('vllm:num_requests_waiting', 'gauge', 'Number of requests waiting to be processed.', [`vllm:num_requests_waiting{${label}} ${float(this.core.waitingCount)}`]);
    counter('vllm:prefix_cache_queries', 'Prefix cache queries, in terms of number of queried tokens.', counters.prefixQueries);
    counter('vllm:prefix_cache_hits', 'Prefix cache hits, in terms of number of cached tokens.', counters.prefixHits);
    counter('vllm:mm_cache_queries', 'Multi-modal cache queries, in terms of number of queried items.', counters.mmQueries);
    counter('vllm:mm_cache_hits', 'Multi-modal cache hits, in terms of number of cached items.', counters.mmHits);
    counter('vllm:prompt_tokens', 'Number of prefill tokens processed.', this.promptTokens);
    counter('vllm:generation_tokens', 'Number of generation tokens processed.', this.generationTokens);
    metric('vllm:request_success', 'counter', 'Count of successfully processed requests.', (['length', 'stop'] as const).map(
      (reason) => `vllm:request_success_total{${label},finished_reason="${reason}"} ${float(this.finished[reason])}`));
    metric('vllm:time_to_first_token_seconds', 'histogram', 'Histogram of time to first token in seconds.', this.ttft.lines('vllm:time_to_first_token_seconds', label));
    metric('vllm:e2e_request_latency_seconds', 'histogram', 'Histogram of e2e request latency in seconds.', this.e2e.lines('vllm:e2e_request_latency_seconds', label));
    return `${out.join('\n')}\n`;
  }
}
