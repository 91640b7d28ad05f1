// Focus helpers for screen changes: each screen puts the keyboard focus on its main action.

/** Svelte action: focuses the element as soon as it is in the document (when `when` is true), so
 *  a keyboard or screen-reader user lands on the screen's main action without searching. */
export function focusOnMount(node: HTMLElement, when: boolean = true) {
  if (when) node.focus();
}
