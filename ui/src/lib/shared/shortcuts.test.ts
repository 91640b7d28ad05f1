import { describe, expect, it, vi } from 'vitest';
import { SHORTCUTS, isHelpKey, pressShortcut } from './shortcuts';
import { STRINGS } from '../i18n/strings';

function page(html: string) {
  document.body.innerHTML = html;
  return document.body;
}

function alt(letter: string, extra: Partial<KeyboardEventInit> = {}) {
  return new KeyboardEvent('keydown', { key: letter.toLowerCase(), code: `Key${letter}`, altKey: true, ...extra });
}

describe('keyboard shortcuts', () => {
  it('Alt+T presses Tag foto, the button the screen offers', () => {
    const root = page('<button data-testid="photo-take">Tag foto</button>');
    const click = vi.fn();
    root.querySelector('button')!.addEventListener('click', click);
    expect(pressShortcut(alt('T'))).toBe(true);
    expect(click).toHaveBeenCalledTimes(1);
    expect(document.activeElement?.getAttribute('data-testid')).toBe('photo-take');
  });

  it('Alt+G accepts the photo or the signature, whichever step is shown', () => {
    page('<button data-testid="signature-accept">Godkend underskrift</button>');
    const click = vi.fn();
    document.querySelector('button')!.addEventListener('click', click);
    expect(pressShortcut(alt('G'))).toBe(true);
    expect(click).toHaveBeenCalledTimes(1);
  });

  it('a disabled, hidden or absent button is never pressed', () => {
    page('<button data-testid="send-button" disabled>Send</button><div hidden><button data-testid="photo-take">x</button></div>');
    const clicks = vi.fn();
    document.querySelectorAll('button').forEach((b) => b.addEventListener('click', clicks));
    expect(pressShortcut(alt('S'))).toBe(false);
    expect(pressShortcut(alt('T'))).toBe(false);
    expect(pressShortcut(alt('O'))).toBe(false);
    expect(clicks).not.toHaveBeenCalled();
  });

  it('only Alt + the letter: Ctrl+Alt (AltGr on Danish keyboards) types text, a plain letter too', () => {
    page('<button data-testid="photo-take">Tag foto</button>');
    expect(pressShortcut(alt('T', { ctrlKey: true }))).toBe(false);
    expect(pressShortcut(new KeyboardEvent('keydown', { key: 't', code: 'KeyT' }))).toBe(false);
  });

  it('? opens the help outside text fields only', () => {
    page('<input id="f" />');
    expect(isHelpKey(new KeyboardEvent('keydown', { key: '?' }))).toBe(true);
    const input = document.getElementById('f')!;
    const inField = new KeyboardEvent('keydown', { key: '?', bubbles: true });
    let seen: boolean | null = null;
    input.addEventListener('keydown', (e) => (seen = isHelpKey(e)));
    input.dispatchEvent(inField);
    expect(seen).toBe(false);
  });

  it('every shortcut has its own letter and a label in both languages', () => {
    const keys = SHORTCUTS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of SHORTCUTS) {
      expect(STRINGS.da[s.label]).toBeTruthy();
      expect(STRINGS.en[s.label]).toBeTruthy();
    }
  });
});
