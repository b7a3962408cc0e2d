// Writes an image's index into its pixels as a small grey barcode, so distinct indices always decode to distinct pixels.

/** The 32 bits of the index as 8 columns × 4 rows of flat cells. */
const COLUMNS = 8;
const ROWS = 4;
/** Full-size cells are 8×8 pixels (one JPEG luma block); smaller images get 4-, 2- or 1-pixel cells. */
const CELL_SIZES = [8, 4, 2, 1] as const;
/** Full-size stamps start on a 16-pixel grid, so with 4:2:0 chroma every JPEG block they touch is wholly grey. */
const ALIGN = 16;
const DARK = 80;
const LIGHT = 176;

/**
 * Overwrites a block near the bottom-right corner of an RGB image with the 32 bits of `index`, one
 * flat dark or light grey cell per bit. At 64×32 pixels and more each cell is one JPEG luma block
 * with neutral chroma, so the middle of every cell decodes within a level or two of what was written
 * (only edge pixels pick up colour from neighbours through chroma upsampling): far less than the 96
 * levels between dark and light, so images whose indices differ keep differing in decoded pixels.
 * Smaller images get 4-, 2- or 1-pixel cells, which PNG keeps exactly and JPEG in practice. Images
 * under 8×4 pixels have no room for 32 bits and are left as they are (their random content differs).
 */
export function stampIndex(rgb: Buffer, width: number, height: number, index: number): void {
  const cell = CELL_SIZES.find((size) => width >= COLUMNS * size && height >= ROWS * size);
  if (cell === undefined) return;
  const align = cell === CELL_SIZES[0] ? ALIGN : cell;
  const left = Math.floor((width - COLUMNS * cell) / align) * align;
  const top = Math.floor((height - ROWS * cell) / align) * align;
  for (let bit = 0; bit < COLUMNS * ROWS; bit++) {
    const level = (index >>> bit) & 1 ? LIGHT : DARK;
    const x0 = left + (bit % COLUMNS) * cell;
    const y0 = top + Math.floor(bit / COLUMNS) * cell;
    for (let y = y0; y < y0 + cell; y++) {
      const start = (y * width + x0) * 3;
      rgb.fill(level, start, start + cell * 3);
    }
  }
}
