// Drawing for the citizen window: the signature's ink (a line between consecutive pen-down points).
import type { InkPoint } from './types';

/** Draws `points` (pad units) onto a canvas as large as the pad's field, from index `from` on. */
export function drawInk(ctx: CanvasRenderingContext2D, points: InkPoint[], from = 0) {
  ctx.save();
  ctx.strokeStyle = '#1a1a1a';
  ctx.lineWidth = Math.max(3, ctx.canvas.width / 300);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.beginPath();
  for (let i = Math.max(1, from); i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (a[2] > 0 && b[2] > 0) {
      ctx.moveTo(a[0], a[1]);
      ctx.lineTo(b[0], b[1]);
    }
  }
  ctx.stroke();
  ctx.restore();
}
