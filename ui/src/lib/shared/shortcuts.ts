// The counter's keyboard shortcuts (issue 18 point 2): one documented key per main action, so the
// whole flow works without a mouse. Each shortcut presses the first visible, enabled button of
// the step that carries one of its test ids, the same button a mouse would press, so a shortcut
// can never do what the screen does not offer. The help panel (`?`) lists this table.
import type { StringKey } from '../i18n/index.svelte';

/** One shortcut: Alt + `key` presses the first available of `buttons`. */
export type Shortcut = { key: string; label: StringKey; buttons: readonly string[] };

/** Every shortcut, in the order of the flow (the help panel shows them so). */
export const SHORTCUTS: readonly Shortcut[] = [
  { key: 'N', label: 'shortcutContinue', buttons: ['case-continue'] },
  { key: 'T', label: 'shortcutTake', buttons: ['photo-take'] },
  { key: 'O', label: 'shortcutRetake', buttons: ['photo-retake'] },
  { key: 'G', label: 'shortcutAccept', buttons: ['photo-accept', 'signature-accept'] },
  { key: 'R', label: 'shortcutClear', buttons: ['signature-clear'] },
  { key: 'S', label: 'shortcutSend', buttons: ['send-button'] },
  { key: 'B', label: 'shortcutNextCitizen', buttons: ['send-next', 'case-new'] },
];

/** The first button with this test id that is in the page (steps render only what they show),
 *  not hidden or inert, and enabled. */
function available(root: ParentNode, testid: string): HTMLButtonElement | null {
  for (const el of root.querySelectorAll<HTMLButtonElement>(`button[data-testid="${testid}"]`)) {
    if (!el.disabled && !el.closest('[hidden], [inert]')) return el;
  }
  return null;
}

/** Whether the event is a shortcut's key: Alt + the letter, no Ctrl or Meta (AltGr types text). */
function shortcutFor(event: KeyboardEvent): Shortcut | undefined {
  if (!event.altKey || event.ctrlKey || event.metaKey) return undefined;
  const letter = event.code.startsWith('Key') ? event.code.slice(3) : event.key.toUpperCase();
  return SHORTCUTS.find((s) => s.key === letter);
}

/**
 * Presses the button of a shortcut, if the event is one and its button is on the screen; returns
 * whether it did (the caller then stops the event).
 */
export function pressShortcut(event: KeyboardEvent, root: ParentNode = document): boolean {
  const shortcut = shortcutFor(event);
  if (!shortcut) return false;
  for (const id of shortcut.buttons) {
    const button = available(root, id);
    if (button) {
      button.focus();
      button.click();
      return true;
    }
  }
  return false;
}

/** Whether the key opens the help panel: `?` outside a text field (there it is text). */
export function isHelpKey(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  const typing = !!target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
  return event.key === '?' && !typing && !event.ctrlKey && !event.metaKey;
}
