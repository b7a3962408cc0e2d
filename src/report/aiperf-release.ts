// The aiperf release mmload follows: `mmload profile`'s flags, defaults, bodies and counts, and the files --compat aiperf writes.

/** aiperf's newest release read for mmload: its CLI reference, its code and its export schema. */
export const AIPERF_VERSION = '0.8.0';

/** The profile_export_aiperf.json schema that release writes. */
export const AIPERF_SCHEMA_VERSION = '1.5';
