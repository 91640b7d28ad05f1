// A citizen backend the tests (and a browser without Tauri) drive by hand.
import type { CitizenView, ICitizenBackend } from '../types';

export class FakeCitizenBackend implements ICitizenBackend {
  private onView: ((v: CitizenView) => void) | null = null;
  private onFrame: ((m: ArrayBuffer) => void) | null = null;

  async listen(onView: (v: CitizenView) => void, onFrame: (message: ArrayBuffer) => void): Promise<void> {
    this.onView = onView;
    this.onFrame = onFrame;
    onView({ kind: 'welcome' });
  }

  /** Sends a view as the shell would. */
  view(v: CitizenView) {
    this.onView?.(v);
  }

  /** Sends a frame message as the shell would. */
  frame(m: ArrayBuffer) {
    this.onFrame?.(m);
  }
}
