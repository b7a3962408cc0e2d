// The accuracy a Q3VL submission must reach: 99% of the reference model's Category Hierarchical F1.

/** The reference implementation's hierarchical F1 on the full catalogue. */
export const Q3VL_REFERENCE_F1 = 0.7903;

/** The gate, computed as the submission checker computes it (0.7903 × 0.99 = 0.782397). */
export const Q3VL_F1_TARGET = Q3VL_REFERENCE_F1 * 0.99;

/** Whether a hierarchical F1 passes the gate. */
export function passesAccuracyGate(f1: number): boolean {
  return f1 >= Q3VL_F1_TARGET;
}
