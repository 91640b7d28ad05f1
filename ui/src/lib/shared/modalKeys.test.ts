import { describe, expect, it, vi } from 'vitest';
import { trapModalKeys } from './modalKeys';

function page() {
  document.body.innerHTML = `
    <button id="behind">behind</button>
    <div id="box">
      <button id="first">first</button>
      <button id="off" disabled>off</button>
      <textarea id="middle"></textarea>
      <button id="last">last</button>
    </div>`;
  return document.getElementById('box')!;
}

const el = (id: string) => document.getElementById(id)!;

function press(box: HTMLElement | null, init: KeyboardEventInit, onEscape = vi.fn()) {
  const e = new KeyboardEvent('keydown', { cancelable: true, ...init });
  trapModalKeys(e, box, onEscape);
  return { prevented: e.defaultPrevented, onEscape };
}

describe('trapModalKeys', () => {
  it('Escape calls onEscape and takes the key', () => {
    const box = page();
    const { prevented, onEscape } = press(box, { key: 'Escape' });
    expect(onEscape).toHaveBeenCalledTimes(1);
    expect(prevented).toBe(true);
  });

  // [case, focused control, shift, key taken from the browser, focused control after]
  it.each<[string, string, boolean, boolean, string]>([
    ['Tab on the last control wraps to the first', 'last', false, true, 'first'],
    ['Shift+Tab on the first control wraps to the last', 'first', true, true, 'last'],
    ['Tab between controls is left to the browser', 'first', false, false, 'first'],
    ['Shift+Tab between controls is left to the browser', 'last', true, false, 'last'],
  ])('%s', (_, from, shiftKey, taken, to) => {
    const box = page();
    el(from).focus();
    expect(press(box, { key: 'Tab', shiftKey }).prevented).toBe(taken);
    expect(document.activeElement).toBe(el(to));
  });

  it('Tab from outside the dialog enters it (Shift+Tab at its end)', () => {
    const box = page();
    el('behind').focus();
    expect(press(box, { key: 'Tab' }).prevented).toBe(true);
    expect(document.activeElement).toBe(el('first'));
    el('behind').focus();
    press(box, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(el('last'));
  });

  it('a selector narrows the controls that take part', () => {
    const box = page();
    el('middle').focus();
    expect(press(box, { key: 'Tab' }).prevented).toBe(false);
    const e = new KeyboardEvent('keydown', { key: 'Tab', cancelable: true });
    trapModalKeys(e, box, () => {}, 'textarea');
    expect(e.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(el('middle'));
  });

  it('other keys, and Tab without a dialog, are left alone', () => {
    const box = page();
    el('last').focus();
    const { prevented, onEscape } = press(box, { key: 'Enter' });
    expect(prevented).toBe(false);
    expect(onEscape).not.toHaveBeenCalled();
    expect(press(null, { key: 'Tab' }).prevented).toBe(false);
    expect(document.activeElement).toBe(el('last'));
  });
});
