// What the citizen window is told (src-tauri/src/citizen/view.rs, CitizenView; a Rust test pins
// its keys): guidance codes, the oval, images and ink. Never a name, CPR number or address.
import type { GuidanceHint, Oval } from '../lib/backend';

/** One ink point: x and y in pad units, then 1 while the pen touches, else 0. */
export type InkPoint = [number, number, number];

export type CitizenView =
  | { kind: 'welcome' }
  | { kind: 'photoLive'; hint: GuidanceHint | null; oval: Oval | null; allPass: boolean }
  | { kind: 'photoTaken'; image: string }
  | { kind: 'signing'; width: number; height: number; points: InkPoint[] }
  | { kind: 'ink'; points: InkPoint[] }
  | { kind: 'signed'; image: string };

/** The citizen window's only IPC: views and preview frame messages until `stop()`. */
export interface ICitizenBackend {
  listen(onView: (v: CitizenView) => void, onFrame: (message: ArrayBuffer) => void): Promise<void>;
}
