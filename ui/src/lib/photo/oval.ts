// Draws the head-position oval over a preview frame: green when every live check passes.
import type { Oval } from '../backend';

/** The oval in canvas pixels: centred at (cx, cy), as tall as the head it stands for. */
export function ovalRect(o: Oval, width: number, height: number) {
  const ry = (o.headHeight * height) / 2;
  return { x: o.cx * width, y: o.cy * height, rx: ry * 0.75, ry };
}

export function drawOval(ctx: CanvasRenderingContext2D, o: Oval, width: number, height: number, ok: boolean) {
  const r = ovalRect(o, width, height);
  ctx.save();
  ctx.lineWidth = Math.max(3, width / 250);
  ctx.strokeStyle = ok ? '#00a14b' : '#f5a300';
  ctx.setLineDash(ok ? [] : [12, 8]);
  ctx.beginPath();
  ctx.ellipse(r.x, r.y, r.rx, r.ry, 0, 0, Math.PI * 2);
  ctx.stroke();
  ctx.restore();
}
