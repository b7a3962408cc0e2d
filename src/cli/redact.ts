// Keeps secrets out of saved results: the configuration and command line as written to summary.json.
import type { ProfileConfig } from './profile-config.js';

const SECRET_HEADER = /auth|key|token|secret|cookie|password|credential|session/i;
export const REDACTED = '<redacted>';

/** Header names with secret-looking values replaced. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, SECRET_HEADER.test(k) ? REDACTED : v]));
}

/** Every secret value the headers hold: whole values, and the credential after a scheme ("Bearer sk-…" → "sk-…"). */
export function secretValues(headers: Readonly<Record<string, string>>): string[] {
  const secrets = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_HEADER.test(name) || value.trim() === '') continue;
    secrets.add(value.trim());
    const credential = value.trim().split(/\s+/).at(-1)!;
    if (credential.length >= 4) secrets.add(credential);
  }
  // Longest first, so a whole value goes before the credential inside it.
  return [...secrets].sort((a, b) => b.length - a.length);
}

/**
 * The command line with every secret value replaced wherever it stands, whatever flag spelling carried it
 * (--api-key, --apiKey, -H=…, a second value after one -H). Redacting by value, not by flag, leaves no form behind.
 */
export function redactArgv(argv: readonly string[], secrets: readonly string[]): string[] {
  return argv.map((arg) => secrets.reduce((text, secret) => text.split(secret).join(REDACTED), arg));
}

/** The resolved configuration as saved in results (aiperf's input_config), secrets removed. */
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
    cli_command: cliCommand(argv, config.secrets),
  };
}

/** The command line as a shell would take it back, starting with `mmload`, every secret redacted. */
export function cliCommand(argv: readonly string[], secrets: readonly string[]): string {
  return ['mmload', ...redactArgv(argv, secrets)].map(quoteArg).join(' ');
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
