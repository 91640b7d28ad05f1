// The geometry of the crop handles: corners in the page's pixels, moved by a drag or an arrow key
// and kept on the page. Pure functions, so the editor's behaviour is tested without a layout.
import type { Corners } from './types';

/** How far one arrow key press moves a corner, in page pixels; with Shift, `SHIFT_STEP`. */
export const KEY_STEP = 1;
export const SHIFT_STEP = 10;

/** A copy of `corners` with corner `i` at (x, y), rounded to whole pixels and kept on the
 *  `width` x `height` page. */
export function withCorner(corners: Corners, i: number, x: number, y: number, width: number, height: number): Corners {
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, Math.round(v)));
  const next = corners.map((c) => [c[0], c[1]] as [number, number]) as Corners;
  next[i] = [clamp(x, width), clamp(y, height)];
  return next;
}

/** The move an arrow key asks for ([dx, dy] in page pixels), or null for any other key. */
export function arrowStep(event: Pick<KeyboardEvent, 'key' | 'shiftKey'>): [number, number] | null {
  const step = event.shiftKey ? SHIFT_STEP : KEY_STEP;
  switch (event.key) {
    case 'ArrowLeft': return [-step, 0];
    case 'ArrowRight': return [step, 0];
    case 'ArrowUp': return [0, -step];
    case 'ArrowDown': return [0, step];
    default: return null;
  }
}

/** Whether the key is an arrow key (its release ends a keyboard move). */
export const isArrow = (key: string) => key === 'ArrowLeft' || key === 'ArrowRight' || key === 'ArrowUp' || key === 'ArrowDown';

/** The page point under a pointer at (clientX, clientY) over an element showing the whole page in
 *  `box` (the page stretched to the box, as the overlay's viewBox does). */
export function pagePoint(
  clientX: number, clientY: number, box: { left: number; top: number; width: number; height: number }, width: number, height: number,
): [number, number] {
  if (box.width <= 0 || box.height <= 0) return [0, 0];
  return [((clientX - box.left) / box.width) * width, ((clientY - box.top) / box.height) * height];
}

/** The corners as an SVG `points` list. */
export const points = (corners: Corners) => corners.map(([x, y]) => `${x},${y}`).join(' ');

/** Whether two sets of corners are the same. */
export const sameCorners = (a: Corners, b: Corners) => a.every((c, i) => c[0] === b[i][0] && c[1] === b[i][1]);
