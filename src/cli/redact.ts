// Keeps secrets out of saved results: the configuration and command line as written to summary.json.
import type { ProfileConfig } from './profile-config.js';

const SECRET_HEADER = /authorization|api[-_]?key|token|secret|cookie|password/i;
const SECRET_FLAG = /^--?(api-key)(=.*)?$/;
export const REDACTED = '<redacted>';

/** Header names with secret-looking values replaced. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, SECRET_HEADER.test(k) ? REDACTED : v]));
}

/** The command line with --api-key values and secret -H/--header values replaced. */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = SECRET_FLAG.exec(arg);
    if (flag) {
      out.push(flag[2] ? `--${flag[1]}=${REDACTED}` : arg);
      if (!flag[2] && i + 1 < argv.length) out.push(REDACTED), i++;
    } else if ((arg === '-H' || arg === '--header') && i + 1 < argv.length) {
      out.push(arg, redactHeaderArg(argv[++i]!));
    } else if (/^--header=/.test(arg)) {
      out.push(`--header=${redactHeaderArg(arg.slice('--header='.length))}`);
    } else {
      out.push(arg);
    }
  }
  return out;
}

function redactHeaderArg(value: string): string {
  const colon = value.indexOf(':');
  return colon > 0 && SECRET_HEADER.test(value.slice(0, colon)) ? `${value.slice(0, colon)}:${REDACTED}` : value;
}

/** The resolved configuration as saved in results (aiperf's input_config), secrets removed. */
export function savedConfig(config: ProfileConfig, model: string, argv: readonly string[]): Record<string, unknown> {
  const w = config.workload;
  const g = w.generated;
  return {
    endpoint: {
      model_names: [model],
      type: 'chat',
      streaming: true,
      url: config.origin,
      custom_endpoint: config.endpointPath,
      headers: redactHeaders(config.headers),
      timeout_seconds: config.requestTimeoutMs / 1000,
    },
    input: {
      preset: config.preset ?? null,
      file: w.inputFile ?? null,
      custom_dataset_type: w.inputFile ? 'single_turn' : null,
      random_seed: w.seed,
      shared_system_prompt_length: w.systemPromptTokens ?? null,
      generated: w.inputFile ? null : {
        requests: g.requests, images_per_request: g.imagesPerRequest, images_pool: g.pool ?? null, cache_hit_rate: g.hitRate ?? null,
        image_popularity: g.popularity, image_size: [g.imageWidth, g.imageHeight], image_format: g.imageFormat,
        image_style: g.imageStyle, image_source: g.imageSource ?? null, user_text_tokens: g.userTextTokens,
      },
      image_mode: w.delivery.mode === 'base64' ? 'base64' : 'http',
      image_urls: w.delivery.mode === 'urls' ? w.delivery.file : null,
      image_uuids: w.imageUuids,
      output_tokens: w.forcedOutputTokens ?? null,
      output_tokens_mean: w.maxTokens ?? null,
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
    cli_command: ['mmload', ...redactArgv(argv)].map(quoteArg).join(' '),
  };
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
