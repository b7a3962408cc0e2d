// Qwen3-VL prompt-token arithmetic: image tokens after smart_resize, and the chat template's fixed tokens.

/** Image processor settings of Qwen3-VL (patch 16 × merge 2), as transformers configures it for the model. */
export const QWEN3_VL_IMAGE = { factor: 32, minPixels: 65_536, maxPixels: 16_777_216 } as const;

/** Python's round(): halves go to the even neighbour (JavaScript's Math.round sends them up). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The size the processor resizes an image to: multiples of 32 within [minPixels, maxPixels]. */
export function smartResize(width: number, height: number, settings = QWEN3_VL_IMAGE): { width: number; height: number } {
  const { factor, minPixels, maxPixels } = settings;
  let h = Math.max(factor, roundHalfEven(height / factor) * factor);
  let w = Math.max(factor, roundHalfEven(width / factor) * factor);
  if (h * w > maxPixels) {
    const beta = Math.sqrt((height * width) / maxPixels);
    h = Math.max(factor, Math.floor(height / beta / factor) * factor);
    w = Math.max(factor, Math.floor(width / beta / factor) * factor);
  } else if (h * w < minPixels) {
    const beta = Math.sqrt(minPixels / (height * width));
    h = Math.ceil((height * beta) / factor) * factor;
    w = Math.ceil((width * beta) / factor) * factor;
  }
  return { width: w, height: h };
}

/** Tokens one image of width × height expands to (the <|image_pad|> count). */
export function imageTokens(width: number, height: number): number {
  const { width: w, height: h } = smartResize(width, height);
  return (w / QWEN3_VL_IMAGE.factor) * (h / QWEN3_VL_IMAGE.factor);
}

/** A request's expected ISL from its images' pixel sizes; null when any size is unknown (an image by URL). */
export function expectedPromptTokens(
  systemTokens: number | null, userTextTokens: number, imageSizes: readonly ({ width: number; height: number } | null | undefined)[],
): number | null {
  if (imageSizes.some((size) => !size)) return null;
  return promptTokens({ systemTokens, userTextTokens, imageTokens: imageSizes.map((size) => imageTokens(size!.width, size!.height)) });
}

/**
 * Prompt tokens of one system message (optional) and one user message with text then images, plus the
 * generation prompt: 13 + S + T + Σ(Nᵢ + 2) with a system message, 8 + T + Σ(Nᵢ + 2) without.
 * Each image adds <|vision_start|> and <|vision_end|> around its Nᵢ pad tokens.
 */
export function promptTokens(parts: { systemTokens: number | null; userTextTokens: number; imageTokens: readonly number[] }): number {
  return systemMessageTokens(parts.systemTokens) + userMessageTokens(parts.userTextTokens, parts.imageTokens) + GENERATION_PROMPT_TOKENS;
}

/** <|im_start|>assistant\n: what the prompt ends with, before the answer. */
export const GENERATION_PROMPT_TOKENS = 3;

/** A system message of S tokens: <|im_start|>system\n … <|im_end|>\n (0 without one). */
export function systemMessageTokens(systemTokens: number | null): number {
  return systemTokens === null ? 0 : 5 + systemTokens;
}

/** A user message: <|im_start|>user\n, the text, each image's pad tokens between <|vision_start|> and <|vision_end|>, <|im_end|>\n. */
export function userMessageTokens(textTokens: number, imageTokens: readonly number[]): number {
  return 3 + textTokens + imageTokens.reduce((sum, n) => sum + n + 2, 0) + 2;
}

/**
 * Tokens one message adds to a prompt in the chat template: <|im_start|>role\n, its text, each image's pads between
 * <|vision_start|> and <|vision_end|>, then <|im_end|>\n: 5 + T + Σ(Nᵢ + 2). Null when an image's size is unknown.
 */
export function messageTokens(textTokens: number, imageSizes: readonly ({ width: number; height: number } | null | undefined)[] = []): number | null {
  if (imageSizes.some((size) => !size)) return null;
  return 5 + textTokens + imageSizes.reduce((sum, size) => sum + imageTokens(size!.width, size!.height) + 2, 0);
}
