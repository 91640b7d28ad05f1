import { describe, expect, it, vi } from 'vitest';
import { releaseBitmap } from './frame';

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
