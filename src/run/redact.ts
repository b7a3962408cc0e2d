// Keeps a run's secrets out of what it saves and prints: the configuration and command line, the console, its errors.
import type { ProfileConfig } from './run-config.js';
import type { Console } from '../util/console.js';
import { argumentRedactor, redactHeaders, type Redact } from '../secrets/redactor.js';

/**
 * The resolved configuration as saved in results (aiperf's input_config): secret headers masked by name, the command
 * line by argument. Secret values in its other strings (an extra input's api_key) are masked with the rest of the
 * summary's meta (see open-results.ts and collect-run.ts).
 */
export function savedConfig(config: ProfileConfig, models: readonly string[], argv: readonly string[]): Record<string, unknown> {
  const w = config.workload;
  const g = w.generated;
  return {
    defaults: config.opinions,
    endpoint: {
      model_names: models,
      model_selection_strategy: w.modelSelection,
      type: 'chat',
      streaming: w.streaming,
      url: config.origin,
      urls: config.targets.map((t) => t.origin),
      custom_endpoint: config.endpointPath,
      headers: redactHeaders(config.headers),
      timeout_seconds: config.requestTimeoutMs / 1000,
    },
    input: {
      preset: config.preset ?? null,
      file: w.inputFile ?? null,
      custom_dataset_type: w.inputFile ? w.datasetType : null,
      random_seed: w.seed,
      shared_system_prompt_length: w.systemPromptTokens ?? null,
      generated: w.inputFile ? null : {
        requests: g.requests, entries: g.entries, sampling: g.sampling, images_per_request: g.imagesPerRequest, images_pool: g.pool ?? null,
        cache_hit_rate: g.hitRate ?? null, image_popularity: g.popularity, image_size: [g.imageWidth.mean, g.imageHeight.mean],
        image_size_stddev: [g.imageWidth.stddev, g.imageHeight.stddev], image_format: g.imageFormat,
        image_style: g.imageStyle, image_source: g.imageSource ?? null, user_text_tokens: g.userTextTokens.mean, user_text_tokens_stddev: g.userTextTokens.stddev,
      },
      image_mode: w.delivery.mode === 'base64' ? 'base64' : 'http',
      image_urls: w.delivery.mode === 'urls' ? w.delivery.file : null,
      image_uuids: w.imageUuids,
      output_tokens: w.forcedOutputTokens ?? null,
      output_tokens_mean: w.outputTokens?.mean ?? null,
      output_tokens_stddev: w.outputTokens?.stddev ?? null,
      max_tokens_key: w.maxTokensKey,
      extra: w.extraInputs,
      tokenizer: w.tokenizerPath ?? null,
    },
    loadgen: {
      concurrency: config.concurrency,
      request_count: w.requestCount ?? null,
      warmup_request_count: w.warmupRequestCount,
    },
    use_server_token_count: config.useServerTokenCount,
    goodput: config.goodput ?? null,
    cli_command: cliCommand(argv, argumentRedactor(config.secrets)),
  };
}

/**
 * The command line as a shell would take it back, starting with `mmload`, every secret redacted by value wherever it
 * stands, whatever flag spelling carried it (--api-key, --apiKey, -H=…, a second value after one -H).
 */
export function cliCommand(argv: readonly string[], redact: Redact): string {
  return ['mmload', ...argv.map(redact)].map(quoteArg).join(' ');
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The console of a run: every line redacted before it is written. */
export function redactedConsole(io: Console, redact: Redact): Console {
  return { out: (line) => io.out(redact(line)), err: (line) => io.err(redact(line)) };
}

/** The error a run ends with, its message and stack redacted (main.ts prints them). */
export function redactedError(err: unknown, redact: Redact): unknown {
  if (err instanceof Error) {
    err.message = redact(err.message);
    if (err.stack !== undefined) err.stack = redact(err.stack);
  }
  return err;
}
