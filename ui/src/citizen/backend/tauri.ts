// The citizen window's IPC: its one command, citizen_listen (capabilities/citizen.json allows
// nothing else). The only @tauri-apps import of the citizen bundle.
import { Channel, invoke } from '@tauri-apps/api/core';
import type { CitizenView, ICitizenBackend } from '../types';

export class TauriCitizenBackend implements ICitizenBackend {
  async listen(onView: (v: CitizenView) => void, onFrame: (message: ArrayBuffer) => void): Promise<void> {
    const views = new Channel<CitizenView>();
    views.onmessage = onView;
    const frames = new Channel<ArrayBuffer>();
    frames.onmessage = onFrame;
    await invoke('citizen_listen', { onView: views, onFrame: frames });
  }
}
