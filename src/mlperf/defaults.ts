// MLPerf's run-length requirements for the Q3VL benchmark (seed 002), the defaults users lower for quick checks.

/** Every performance run must last at least 10 minutes. */
export const MLPERF_MIN_DURATION_MS = 600_000;

/** Every sample of the Shopify catalogue at least once: Offline samples, and the Server query count. */
export const MLPERF_MIN_QUERY_COUNT = 48_289;

/** The reference client's HTTP pool holds at most this many requests in flight (both scenarios). */
export const MLPERF_MAX_IN_FLIGHT = 1000;

/** Server: the latency bound, end to end from the scheduled arrival. */
export const MLPERF_TARGET_LATENCY_MS = 12_000;

/** Server: the percentile of queries that must meet the latency bound. */
export const MLPERF_TARGET_LATENCY_PERCENTILE = 0.99;
