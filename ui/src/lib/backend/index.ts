// Picks the backend: Tauri inside the app, the mock in a plain browser.
import { MockBackend } from './mock';
import { TauriBackend } from './tauri';
import type { IBackend } from './types';

export * from './types';
export { MockBackend } from './mock';

export function chooseBackend(): IBackend {
  const inTauri = typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
  return inTauri ? new TauriBackend() : new MockBackend();
}
