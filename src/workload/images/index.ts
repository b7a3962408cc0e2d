// Pool images for image-reuse workloads: generated (photo-like or noise) or the user's own, each encoded once.
export { DEFAULT_IMAGE_CACHE_DIR, generateImages } from './generate-images.js';
export { GENERATOR_VERSION, cacheKey } from './image-cache.js';
export {
  JPEG_QUALITY,
  type GeneratedImageOptions,
  type ImageFormat,
  type ImageProgress,
  type ImageShape,
  type ImageShapes,
  type ImageStyle,
  type PoolImage,
  type SourceImageOptions,
} from './image-options.js';
export { loadSourceImages } from './source-images.js';
