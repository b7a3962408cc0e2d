// snake_case keys for the JSON mmload writes (as aiperf's), from the camelCase names of the code, and back.

/** "hitRate" → "hit_rate" (a type): what snakeCase makes of a name. */
export type SnakeCase<S extends string> = S extends `${infer C}${infer Rest}`
  ? `${C extends Lowercase<C> ? C : `_${Lowercase<C>}`}${SnakeCase<Rest>}`
  : S;

/** A JSON value's type with every object key in snake_case, at every depth. */
export type SnakeCaseKeys<T> = T extends readonly (infer E)[]
  ? readonly SnakeCaseKeys<E>[]
  : T extends object
    ? { readonly [K in keyof T as K extends string ? SnakeCase<K> : K]: SnakeCaseKeys<T[K]> }
    : T;

/** "hitRate" → "hit_rate"; a name without capitals ("p99.9", "time_to_first_token") stays as it is. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** "hit_rate" → "hitRate": the inverse of snakeCase; a name without underscores stays as it is. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * A copy of a JSON value with its object keys in snake_case, `depth` levels of objects deep (1: the top level's keys
 * only; the type assumes that the keys below are snake_case already).
 */
export function snakeCaseKeys<T>(value: T, depth = Infinity): SnakeCaseKeys<T> {
  return renameKeys(value, snakeCase, depth) as SnakeCaseKeys<T>;
}

/**
 * The inverse of snakeCaseKeys, `depth` levels of objects deep (1: the top level's keys only). Only for objects
 * whose keys down to that depth are all names: keys that are data (metric tags, say) must stay as they are.
 */
export function camelCaseKeys<T>(json: SnakeCaseKeys<T>, depth = Infinity): T {
  return renameKeys(json, camelCase, depth) as T;
}

function renameKeys(value: unknown, rename: (name: string) => string, depth: number): unknown {
  if (depth <= 0 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename, depth));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [rename(key), renameKeys(item, rename, depth - 1)]));
}
