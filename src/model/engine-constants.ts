// The simulator's engine cost model: Qwen3-VL-30B-A3B-Instruct-FP8 served by vLLM on one H100 (see docs/sim.md).

/** What one engine step costs and what the engine holds; times at --speed 1. Values and sources: docs/sim.md. */
export interface EngineConstants {
  /** Token budget of one step: prefill chunks plus one token per decoding sequence. */
  readonly maxNumBatchedTokens: number;
  /** Fixed cost of every step. */
  readonly stepBaseMs: number;
  /** Cost of each sequence decoding one token in the step. */
  readonly decodeUsPerSeq: number;
  /** Cost of each prompt token prefilled in the step. */
  readonly prefillUsPerToken: number;
  /** Vision-encoder cost of each image token of an embedding-cache miss. */
  readonly encoderUsPerImageToken: number;
  /** Width of one image-token embedding. */
  readonly hiddenSize: number;
  /** Bytes of one embedding value (BF16). */
  readonly bytesPerValue: number;
  /** KV block size: prefix-cache hits come in whole blocks. */
  readonly blockSize: number;
  /** KV cache capacity in tokens: bounds the prefix cache. */
  readonly kvCacheTokens: number;
  /** Longest prompt + reply. */
  readonly maxModelLen: number;
  /** Without ignore_eos a reply stops at a seeded length in [eosMin, eosMax] (min_tokens and max_tokens permitting). */
  readonly eosMin: number;
  readonly eosMax: number;
}

export const QWEN3_VL_30B_A3B_H100: EngineConstants = {
  maxNumBatchedTokens: 8192,
  stepBaseMs: 8,
  decodeUsPerSeq: 100,
  prefillUsPerToken: 30,
  encoderUsPerImageToken: 50,
  hiddenSize: 2048,
  bytesPerValue: 2,
  blockSize: 16,
  kvCacheTokens: 375_000,
  maxModelLen: 262_144,
  eosMin: 32,
  eosMax: 512,
};

/** Bytes one image's embedding takes in the embedding cache. */
export function embeddingBytes(imageTokens: number, engine: EngineConstants): number {
  return imageTokens * engine.hiddenSize * engine.bytesPerValue;
}

/** Gigabytes as the simulator counts them (--embedding-cache-gb): 10^9 bytes, rounded down. */
export const gigabytes = (gb: number): number => Math.floor(gb * 1e9);
