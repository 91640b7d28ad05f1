// Helpers shared by the Vitest component tests: let Svelte and the mock backend's promises
// settle, and find elements by their data-testid.
import { flushSync, mount, tick, unmount } from 'svelte';
import App from '../App.svelte';
import type { IBackend } from '../lib/backend';

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

/** A provider user the mock's browser signs in (the production sign-in tests). */
export const hanne = { id: 'hanne@kommune.dk', name: 'Hanne Hansen', role: 'clerk' as const };

let mounted: ReturnType<typeof mount> | null = null;

/** Mounts the whole app on `backend` (one at a time; `unmountApp` in afterEach). */
export function mountApp(backend: IBackend) {
  mounted = mount(App, { target: document.body, props: { backend } });
}

/** Unmounts what `mountApp` mounted and empties the page. */
export function unmountApp() {
  if (mounted) unmount(mounted);
  mounted = null;
  document.body.innerHTML = '';
}
