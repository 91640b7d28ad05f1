// Helpers shared by the Vitest component tests: let Svelte and the mock backend's promises
// settle, and find elements by their data-testid.
import { flushSync, tick } from 'svelte';

/** Lets pending promises and Svelte updates run, then flushes the DOM. */
export async function settle() {
  for (let i = 0; i < 10; i++) {
    await tick();
    await Promise.resolve();
  }
  flushSync();
}

/** The first element with this data-testid, or null. */
export const q = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);

/** Every element with this data-testid. */
export const qa = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
