// The ink model of the signature field: samples in device units, drawn onto a canvas.
import type { StrokeFile } from '../backend';

export type Sample = [number, number, number, number]; // [t_ms, x, y, pressure], pressure 0 = pen up

/** Collects samples for one signature in the stroke file format. */
export class Ink {
  samples: Sample[] = [];
  pressureAvailable = false;
  constructor(public width: number, public height: number, public pressureMax: number) {}

  add(s: Sample) {
    const last = this.samples.at(-1);
    // Time must not run backwards (two events in one millisecond keep the same time).
    if (last && s[0] < last[0]) s = [last[0], s[1], s[2], s[3]];
    this.samples.push(s);
  }

  clear() {
    this.samples = [];
  }

  hasInk(): boolean {
    return this.samples.some((s) => s[3] > 0);
  }

  toStrokeFile(): StrokeFile {
    return {
      width: this.width, height: this.height, pressure_max: this.pressureMax,
      samples: this.samples.map((s) => [...s] as Sample), pressure_available: this.pressureAvailable,
    };
  }
}

/** Draws every pen-down segment, the line width following pressure. */
export function drawInk(ctx: CanvasRenderingContext2D, ink: Ink, scale: number) {
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.strokeStyle = '#1a1a1a';
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (let i = 1; i < ink.samples.length; i++) {
    const a = ink.samples[i - 1];
    const b = ink.samples[i];
    if (a[3] <= 0 || b[3] <= 0) continue;
    const p = ink.pressureAvailable ? b[3] / ink.pressureMax : 0.5;
    ctx.lineWidth = Math.max(1, (1 + 3 * p) * scale * 2);
    ctx.beginPath();
    ctx.moveTo(a[1] * scale, a[2] * scale);
    ctx.lineTo(b[1] * scale, b[2] * scale);
    ctx.stroke();
  }
}
