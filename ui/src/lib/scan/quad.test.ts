import { describe, expect, it } from 'vitest';
import { arrowStep, isArrow, pagePoint, points, sameCorners, withCorner } from './quad';
import type { Corners } from './types';

const quad: Corners = [[10, 20], [110, 20], [110, 220], [10, 220]];

describe('crop handle geometry', () => {
  it('moves one corner, rounded to whole pixels, leaving the others and the original alone', () => {
    const moved = withCorner(quad, 2, 120.4, 230.6, 1000, 800);
    expect(moved).toEqual([[10, 20], [110, 20], [120, 231], [10, 220]]);
    expect(quad[2]).toEqual([110, 220]);
    expect(sameCorners(moved, quad)).toBe(false);
    expect(sameCorners(withCorner(quad, 0, 10, 20, 1000, 800), quad)).toBe(true);
  });

  it('keeps a corner on the page', () => {
    expect(withCorner(quad, 0, -5, -1, 1000, 800)[0]).toEqual([0, 0]);
    expect(withCorner(quad, 1, 1004, 900, 1000, 800)[1]).toEqual([1000, 800]);
  });

  it('moves 1 page pixel per arrow key, 10 with Shift, and nothing for other keys', () => {
    expect(arrowStep({ key: 'ArrowLeft', shiftKey: false })).toEqual([-1, 0]);
    expect(arrowStep({ key: 'ArrowRight', shiftKey: true })).toEqual([10, 0]);
    expect(arrowStep({ key: 'ArrowUp', shiftKey: false })).toEqual([0, -1]);
    expect(arrowStep({ key: 'ArrowDown', shiftKey: true })).toEqual([0, 10]);
    expect(arrowStep({ key: 'Enter', shiftKey: false })).toBeNull();
    expect(isArrow('ArrowUp')).toBe(true);
    expect(isArrow('Shift')).toBe(false);
  });

  it('maps a pointer over the shown picture to the page pixel under it', () => {
    const box = { left: 100, top: 50, width: 500, height: 250 };
    expect(pagePoint(100, 50, box, 2000, 1000)).toEqual([0, 0]);
    expect(pagePoint(350, 175, box, 2000, 1000)).toEqual([1000, 500]);
    expect(pagePoint(600, 300, box, 2000, 1000)).toEqual([2000, 1000]);
    expect(pagePoint(10, 10, { left: 0, top: 0, width: 0, height: 0 }, 2000, 1000)).toEqual([0, 0]);
  });

  it('writes the corners as SVG points', () => {
    expect(points(quad)).toBe('10,20 110,20 110,220 10,220');
  });
});
