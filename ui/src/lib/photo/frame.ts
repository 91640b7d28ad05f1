// One preview frame message: 8 bytes of capture time (little-endian f64, ms since the Unix epoch),
// then the JPEG (docs/ipc.md). Decoding for drawing uses createImageBitmap where the webview has
// it, else an <img> on a blob URL (allowed by the CSP's img-src blob:).
export const FRAME_HEADER_BYTES = 8;

/** Splits a frame message into its capture time and its JPEG bytes; null when too short. */
export function splitFrame(buf: ArrayBuffer): { capturedAt: number; jpeg: Uint8Array } | null {
  if (buf.byteLength <= FRAME_HEADER_BYTES) return null;
  const capturedAt = new DataView(buf, 0, FRAME_HEADER_BYTES).getFloat64(0, true);
  return { capturedAt, jpeg: new Uint8Array(buf, FRAME_HEADER_BYTES) };
}
export type Decoded = { image: CanvasImageSource; width: number; height: number; release: () => void };

export async function decodeJpeg(jpeg: Uint8Array): Promise<Decoded> {
  const blob = new Blob([jpeg as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' });
  if (typeof createImageBitmap === 'function') {
    const b = await createImageBitmap(blob);
    return { image: b, width: b.width, height: b.height, release: () => b.close() };
  }
  const url = URL.createObjectURL(blob);
  const img = new Image();
  img.src = url;
  try {
    await img.decode();
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
  return { image: img, width: img.naturalWidth, height: img.naturalHeight, release: () => URL.revokeObjectURL(url) };
}
