import { afterEach, describe, expect, it, vi } from 'vitest';
import { jpegDataUrl, releaseBitmap, splitFrame } from './frame';

/** A stand-in ImageBitmap that records what happens to it, in order. */
function bitmap(width = 1280, height = 720) {
  const log: string[] = [];
  const b = { width, height, close: vi.fn(() => log.push('close')) };
  return { b: b as unknown as ImageBitmap, close: b.close, log };
}

/** A stand-in 2D context that records each drawImage. */
function context(log: string[], fail = false) {
  const drawImage = vi.fn(() => {
    log.push('draw');
    if (fail) throw new Error('cannot draw');
  });
  return { ctx: { drawImage } as unknown as CanvasRenderingContext2D, drawImage };
}

describe('releaseBitmap', () => {
  it('draws one pixel of an undrawn frame before closing it (WebKitGTK frees an undrawn bitmap never)', () => {
    const { b, close, log } = bitmap();
    const { ctx, drawImage } = context(log);
    releaseBitmap(b, false, ctx);
    expect(drawImage).toHaveBeenCalledWith(b, 0, 0, 1, 1, 0, 0, 1, 1);
    expect(close).toHaveBeenCalledTimes(1);
    expect(log).toEqual(['draw', 'close']);
  });

  it('still closes the frame when the pixel cannot be drawn', () => {
    const { b, close, log } = bitmap();
    const { ctx } = context(log, true);
    releaseBitmap(b, false, ctx);
    expect(close).toHaveBeenCalledTimes(1);
    expect(log).toEqual(['draw', 'close']);
  });

  it('only closes a frame that is empty (already closed) or when there is no canvas', () => {
    const empty = bitmap(0, 0);
    const { ctx, drawImage } = context(empty.log);
    releaseBitmap(empty.b, false, ctx);
    expect(drawImage).not.toHaveBeenCalled();
    expect(empty.log).toEqual(['close']);

    const noCanvas = bitmap();
    releaseBitmap(noCanvas.b, false, null);
    expect(noCanvas.log).toEqual(['close']);
  });

  it('only closes a frame that was drawn (a second draw would copy the whole frame)', () => {
    const { b, log } = bitmap();
    const { ctx, drawImage } = context(log);
    releaseBitmap(b, true, ctx);
    expect(drawImage).not.toHaveBeenCalled();
    expect(log).toEqual(['close']);
  });
});


/** The bytes a data: URL carries. */
function bytesOf(url: string): number[] {
  const [head, body] = url.split(',');
  expect(head).toBe('data:image/jpeg;base64');
  return Array.from(atob(body), (c) => c.charCodeAt(0));
}

describe('jpegDataUrl', () => {
  const jpeg = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31 + (i >> 8)) & 0xff);
  const proto = Uint8Array.prototype as Uint8Array & { toBase64?: () => string };
  const own = proto.toBase64;
  afterEach(() => {
    if (own) proto.toBase64 = own;
    else delete proto.toBase64;
  });

  it('carries every byte of the JPEG without the webview encoder (more than one chunk)', () => {
    delete proto.toBase64;
    expect(bytesOf(jpegDataUrl(jpeg))).toEqual(Array.from(jpeg));
  });

  it("uses the webview's own base64 encoder where it has one", () => {
    proto.toBase64 = function (this: Uint8Array) {
      return btoa(String.fromCharCode(...this.subarray(0, 3)));
    };
    expect(bytesOf(jpegDataUrl(jpeg))).toEqual(Array.from(jpeg.subarray(0, 3)));
  });

  it('carries the bytes after the frame header, not the header', () => {
    delete proto.toBase64;
    const msg = new Uint8Array(8 + 4);
    new DataView(msg.buffer).setFloat64(0, 1234.5, true);
    msg.set([0xff, 0xd8, 0xff, 0xd9], 8);
    const frame = splitFrame(msg.buffer);
    expect(frame?.capturedAt).toBe(1234.5);
    expect(bytesOf(jpegDataUrl(frame!.jpeg))).toEqual([0xff, 0xd8, 0xff, 0xd9]);
  });
});
