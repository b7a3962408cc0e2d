// Masks a run's secrets in any text that leaves the process: known values wherever they appear, and URL credentials of any URL.
import { isSecretName } from './secret-values.js';

export const REDACTED = '<redacted>';

/** Returns the text with every secret in it replaced by REDACTED. */
export type Redact = (text: string) => string;

/** Shorter values ("EMPTY", "pass") are masked only where they stand whole (an argument): inside text they would hit ordinary words. */
const MIN_INSIDE_TEXT = 6;

/** A URL's user and password: `//user:pass@`. */
const URL_CREDENTIALS = /(\/\/)[^\s/?#@:"'<>]+:[^\s/?#@"'<>]*@/g;
/** A query parameter `?name=value` or `&name=value`; its value is masked when the name looks secret (token, sig, api_key…). */
const QUERY_PARAMETER = /([?&]([\w.[\]-]+)=)([^&#\s"'<>\\]+)/g;

/**
 * The redactor of a run that was given `secrets` (see secretValues). Besides those values as given, it masks them as
 * a server would quote them (URL-encoded, JSON-escaped), and in any URL the credentials and the values of token-like
 * query parameters (a signed image URL's signature, say), secret or not to mmload.
 */
export function redactor(secrets: readonly string[]): Redact {
  return redactorFrom(secrets, MIN_INSIDE_TEXT);
}

/** The redactor for command-line arguments, where a value of any length is the secret as typed (`-H=X-Api-Key: abc`). */
export function argumentRedactor(secrets: readonly string[]): Redact {
  return redactorFrom(secrets, 1);
}

function redactorFrom(secrets: readonly string[], minInsideText: number): Redact {
  const whole = new Set(secrets);
  const forms = [...new Set(secrets.flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]))]
    .filter((form) => form.length >= minInsideText)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    if (whole.has(text)) return REDACTED;
    let masked = text;
    for (const form of forms) if (masked.includes(form)) masked = masked.split(form).join(REDACTED);
    return redactUrls(masked);
  };
}

/** URL credentials and token-like query values, in any text. */
function redactUrls(text: string): string {
  const withoutCredentials = text.includes('@') ? text.replace(URL_CREDENTIALS, `$1${REDACTED}@`) : text;
  if (!withoutCredentials.includes('=')) return withoutCredentials;
  return withoutCredentials.replace(QUERY_PARAMETER, (all, head: string, name: string) => (isSecretName(name) ? `${head}${REDACTED}` : all));
}

/** A copy of a JSON-like value (plain objects, arrays, primitives) with every string redacted; keys are names and stay. */
export function redactJson<T>(value: T, redact: Redact): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactJson(item, redact)) as T;
  if (typeof value === 'object' && value !== null && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactJson(item, redact)])) as T;
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Header values whose names look secret replaced whole, whatever their length. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, isSecretName(name) ? REDACTED : value]));
}
