// One preview frame message: 8 bytes of capture time (little-endian f64, ms since the Unix epoch),
// then the JPEG (docs/ipc.md). Decoding for drawing goes through an <img> on a data: URL (allowed
// by the CSP's img-src data:), not a Blob: WebKitGTK keeps every Blob's bytes in its network
// process, which grew by about 1 MB a minute under a 30 fps preview (issue 18.7); a data: URL is
// decoded in the web process alone.
export const FRAME_HEADER_BYTES = 8;

/** Splits a frame message into its capture time and its JPEG bytes; null when too short. */
export function splitFrame(buf: ArrayBuffer): { capturedAt: number; jpeg: Uint8Array } | null {
  if (buf.byteLength <= FRAME_HEADER_BYTES) return null;
  const capturedAt = new DataView(buf, 0, FRAME_HEADER_BYTES).getFloat64(0, true);
  return { capturedAt, jpeg: new Uint8Array(buf, FRAME_HEADER_BYTES) };
}
/** A decoded frame; `release(drawn)` must be called once it is drawn, or instead of drawing it. */
export type Decoded = { image: CanvasImageSource; width: number; height: number; release: (drawn: boolean) => void };

/** The 1x1 canvas `releaseBitmap` draws on (made on first use; null where there is no 2D canvas). */
let scratch: CanvasRenderingContext2D | null | undefined;

function scratchContext(): CanvasRenderingContext2D | null {
  if (scratch === undefined) {
    const c = typeof document === 'undefined' ? null : document.createElement('canvas');
    if (c) c.width = c.height = 1;
    scratch = c?.getContext('2d') ?? null;
  }
  return scratch;
}

/**
 * Frees a decoded frame's pixels. WebKitGTK (2.50, measured by tests/e2e/soak-day.mjs, issue 18.7)
 * never frees the pixels of an ImageBitmap that was closed without having been drawn: 3.6 MB of
 * the webview's memory for good per 1280x720 frame, and a frame whose decode ends just as the
 * preview goes (Tag foto, a step change) is never drawn. Such a frame (`drawn` false) gets one
 * pixel drawn on a 1x1 canvas of its own (`onto`) first, so close() frees it. A frame that was
 * drawn is only closed: close() frees it, and a second draw per frame is work the preview does
 * not need.
 */
export function releaseBitmap(b: ImageBitmap, drawn: boolean, onto: CanvasRenderingContext2D | null = scratchContext()) {
  try {
    if (!drawn && b.width > 0 && b.height > 0) onto?.drawImage(b, 0, 0, 1, 1, 0, 0, 1, 1);
  } catch {
    // Closing is all that is left to do.
  }
  b.close();
}

/** The JPEG as a data: URL (the webview's own base64 encoder where it has one). */
export function jpegDataUrl(jpeg: Uint8Array): string {
  const withBase64 = jpeg as Uint8Array & { toBase64?: () => string };
  if (typeof withBase64.toBase64 === 'function') return `data:image/jpeg;base64,${withBase64.toBase64()}`;
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < jpeg.length; i += CHUNK) binary += String.fromCharCode(...jpeg.subarray(i, i + CHUNK));
  return `data:image/jpeg;base64,${btoa(binary)}`;
}

/**
 * Decodes a preview frame's JPEG for drawing. Where the webview has createImageBitmap the frame
 * is drawn from a bitmap (cheap to draw, and its pixels are freed by `release`), else from the
 * decoded <img>.
 */
export async function decodeJpeg(jpeg: Uint8Array): Promise<Decoded> {
  const img = new Image();
  img.src = jpegDataUrl(jpeg);
  await img.decode();
  if (typeof createImageBitmap === 'function') {
    const b = await createImageBitmap(img);
    img.removeAttribute('src');
    return { image: b, width: b.width, height: b.height, release: (drawn) => releaseBitmap(b, drawn) };
  }
  return { image: img, width: img.naturalWidth, height: img.naturalHeight, release: () => img.removeAttribute('src') };
}
