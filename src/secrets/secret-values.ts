// Which values of a run are secrets: the API key, secret-looking headers and extra inputs, URL credentials and token-like query parameters.
import { withHttpScheme } from '../util/with-scheme.js';

/**
 * A name that holds a credential, judged word by word (split at punctuation and camelCase): Authorization, X-Api-Key,
 * api_key, apiKey, access_token, X-Amz-Signature, sig, Cookie, password… but not max_tokens or keyword-free names.
 */
export function isSecretName(name: string): boolean {
  return name.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).some((word) => SECRET_WORD.test(word));
}
const SECRET_WORD = /^(?:[a-z0-9]*(?:key|token|secret|password|passwd|credentials?)|auth[a-z]*|bearer|cookie|jwt|pwd|session|sig|signature)$/i;

/** Everything mmload was given that may carry a secret. */
export interface SecretSources {
  readonly headers: Readonly<Record<string, string>>;
  /** --api-key (or OPENAI_API_KEY). */
  readonly apiKey?: string | undefined;
  /** --extra-inputs: the string values under a secret-looking key, at any depth. */
  readonly extraInputs?: Readonly<Record<string, unknown>>;
  /** URLs as given (--url, --server-metrics-url): their password and token-like query values. */
  readonly urls?: readonly string[];
}

/** Every secret value given, used or not, longest first (a whole header value goes before the credential inside it). */
export function secretValues(sources: SecretSources): string[] {
  const secrets = new Set<string>();
  const add = (value: string) => {
    if (value.trim() !== '') secrets.add(value.trim());
  };
  for (const [name, value] of Object.entries(sources.headers)) {
    if (!isSecretName(name)) continue;
    add(value);
    add(value.trim().split(/\s+/).at(-1)!); // the credential after a scheme: "Bearer sk-…" → "sk-…"
  }
  if (sources.apiKey) add(sources.apiKey);
  collectExtra(sources.extraInputs ?? {}, false, add);
  for (const url of sources.urls ?? []) urlSecrets(url).forEach(add);
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** The strings under a secret-looking key (numbers and booleans are settings, not credentials). */
function collectExtra(value: unknown, secret: boolean, add: (value: string) => void): void {
  if (typeof value === 'string') {
    if (secret) add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectExtra(item, secret, add);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) collectExtra(item, secret || isSecretName(key), add);
  }
}

/**
 * A URL's password and token-like query values, decoded; none when it does not parse. The user name is no secret
 * (masking it would mask every "user" in the console); inside a URL the redactor masks it with the password.
 */
function urlSecrets(raw: string): string[] {
  let url: URL;
  try {
    url = new URL(withHttpScheme(raw));
  } catch {
    return [];
  }
  const found = [safeDecode(url.password)];
  for (const [name, value] of url.searchParams) if (isSecretName(name)) found.push(value);
  return found;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
