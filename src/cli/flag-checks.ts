// The check every integer flag takes: a whole number at least some minimum, a problem reported otherwise.

/** A checker that pushes "--name must be an integer >= min (got …)" to `problems` and returns the value as given. */
export function integerFlags(problems: string[]): (name: string, value: number | undefined, min: number) => number | undefined {
  return (name, value, min) => {
    if (value !== undefined && (!Number.isInteger(value) || value < min)) problems.push(`--${name} must be an integer >= ${min} (got ${value})`);
    return value;
  };
}
