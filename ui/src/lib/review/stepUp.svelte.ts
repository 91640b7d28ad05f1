// The step-up before a supervisor's decision: the signed-in user confirms who they are again.
// Demo: one call (`review_confirm_demo`). Production: the municipality's login in the system
// browser (`review_confirm_start`, then `review_confirm_finish` waits for it; `sign_in_cancel`
// ends the wait). The backend records the confirmation; the next decision uses it up.
import { BackendError, type IBackend } from '../backend';
import type { Code } from '../generated/codes';

/** `ready`: the button is shown; `busy`: a confirmation is under way; `waiting`: the browser has
 *  the login (the link to open it again is shown). */
export type StepUpPhase = 'ready' | 'busy' | 'waiting';

const codeOf = (e: unknown): Code => (e instanceof BackendError ? e.code : 'internal');

export class StepUpFlow {
  phase = $state<StepUpPhase>('ready');
  /** The provider's address while the browser has the login. */
  authorizeUrl = $state<string | null>(null);
  /** The last failure (e.g. `step_up_wrong_user`), shown until the next attempt. */
  failure = $state<Code | null>(null);

  #backend: () => IBackend;
  #onConfirmed: () => void;
  /** Bumped by each attempt and by abandoning one: a late answer of an older attempt is ignored. */
  #attempt = 0;
  /** The browser has the login: abandoning cancels it in the backend. */
  #inBrowser = false;

  constructor(backend: () => IBackend, onConfirmed: () => void) {
    this.#backend = backend;
    this.#onConfirmed = onConfirmed;
  }

  get busy(): boolean {
    return this.phase !== 'ready';
  }

  /** Demo: the signed-in demo user confirms. */
  async demo() {
    await this.#run(async (b) => {
      await b.reviewConfirmDemo();
    });
  }

  /** Production: a fresh login of the same user in the browser. */
  async provider() {
    await this.#run(async (b, attempt) => {
      const started = await b.reviewConfirmStart();
      if (attempt !== this.#attempt) return;
      this.authorizeUrl = started.authorizeUrl;
      this.phase = 'waiting';
      this.#inBrowser = true;
      await b.reviewConfirmFinish();
    });
  }

  /** The dialog closes: a login waiting for the browser is cancelled, and any answer ignored. */
  abandon() {
    const waiting = this.#inBrowser;
    this.#attempt++;
    this.#reset();
    if (waiting) void this.#backend().signInCancel().catch(() => {});
  }

  async #run(steps: (b: IBackend, attempt: number) => Promise<void>) {
    if (this.busy) return;
    this.phase = 'busy';
    this.failure = null;
    const attempt = ++this.#attempt;
    try {
      await steps(this.#backend(), attempt);
      if (attempt !== this.#attempt) return;
      this.#reset();
      this.#onConfirmed();
    } catch (e) {
      if (attempt !== this.#attempt) return;
      this.#reset();
      this.failure = codeOf(e);
    }
  }

  #reset() {
    this.phase = 'ready';
    this.authorizeUrl = null;
    this.#inBrowser = false;
  }
}
