// One sample of the MLPerf Q3VL product catalogue (Hugging Face Shopify/product-catalogue), by the reference's column names.

/** The dataset's columns, as the parquet files name them; mmload's JSONL form uses the same names. */
export const CATALOGUE_COLUMNS = {
  title: 'product_title',
  description: 'product_description',
  /** Parquet: a struct of `bytes` (binary) and `path` (string); JSONL: the image file's path, relative to the file. */
  image: 'product_image',
  candidates: 'potential_product_categories',
  category: 'ground_truth_category',
  brand: 'ground_truth_brand',
  isSecondhand: 'ground_truth_is_secondhand',
} as const;

/** What scoring needs of a sample: its true answer. */
export interface CatalogueTruth {
  /** The true category path, levels joined by " > ". */
  readonly category: string;
  readonly brand: string;
  readonly isSecondhand: boolean;
}

/** A whole sample: what the request is built from, and its true answer. */
export interface CatalogueSample extends CatalogueTruth {
  readonly title: string;
  readonly description: string;
  /** The candidate category paths offered to the model, the true one among them. */
  readonly candidates: readonly string[];
  /** The product photo's bytes as stored (JPEG, native size); the request re-encodes it. */
  readonly image: Buffer;
}
