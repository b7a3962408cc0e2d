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
      file: config.inputFile ?? null,
      custom_dataset_type: config.inputFile ? 'single_turn' : null,
      random_seed: config.randomSeed,
      shared_system_prompt_length: config.sharedSystemPromptLength ?? null,
      synthetic_input_tokens_mean: config.inputFile ? null : config.syntheticInputTokens,
      output_tokens_mean: config.outputTokens ?? null,
      extra: config.extraInputs,
      tokenizer: config.tokenizer ?? null,
    },
    loadgen: {
      concurrency: config.concurrency,
      request_count: config.requestCount ?? null,
      warmup_request_count: config.warmupRequestCount,
    },
    use_server_token_count: config.useServerTokenCount,
    goodput: config.goodput ?? null,
    cli_command: ['mmload', ...redactArgv(argv)].map(quoteArg).join(' '),
  };
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
