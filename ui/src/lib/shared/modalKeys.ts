// Keyboard handling of a modal dialog (dkfds modal), shared by the dialogs: Escape closes it, and
// Tab / Shift+Tab go round its controls, never to the page behind it.

/** The controls Tab goes round when the caller names none. */
export const MODAL_FOCUSABLE = 'a[href], button:not([disabled]), textarea, input';

/** A window keydown handler's body for an open modal: Escape calls `onEscape`; Tab and Shift+Tab
 *  wrap from the last control to the first and back (or enter the dialog when the focus is outside
 *  it). `selector` names the controls inside `box` that take part; other keys are left alone. */
export function trapModalKeys(
  e: KeyboardEvent,
  box: HTMLElement | null,
  onEscape: () => void,
  selector: string = MODAL_FOCUSABLE,
) {
  if (e.key === 'Escape') {
    e.preventDefault();
    onEscape();
    return;
  }
  if (e.key !== 'Tab' || !box) return;
  const focusable = [...box.querySelectorAll<HTMLElement>(selector)];
  if (focusable.length === 0) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  const inside = box.contains(document.activeElement);
  if (!inside || (e.shiftKey && document.activeElement === first)) {
    e.preventDefault();
    (e.shiftKey ? last : first).focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
