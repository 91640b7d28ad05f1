// A sign-in in progress, shared by the sign-in screen and the lock screen: demo by role, or the
// municipality's login in the system browser (start, wait for the browser, cancel), and the
// failure to show. The backend decides whether it signs in or unlocks; this only drives the calls.
import { BackendError, type IBackend, type Role, type User } from '../backend';
import type { Code } from '../generated/codes';

/** `ready`: the button is shown; `busy`: a demo sign-in is under way; `starting`: a provider
 *  sign-in is starting; `waiting`: the browser has it (progress, the link and Annuller are shown). */
export type SignInPhase = 'ready' | 'busy' | 'starting' | 'waiting';

/** What the flow needs from its screen. Functions, so the screen's current props are used. */
export type SignInFlowOptions = {
  backend: () => IBackend;
  /** Signed in (or unlocked) as this user. */
  onSignedIn: (user: User) => void;
  /** A sign-in failed with this code (a failure may have started a lock-out). */
  onFailed: (code: Code) => void;
};

const codeOf = (e: unknown): Code => (e instanceof BackendError ? e.code : 'internal');

export class SignInFlow {
  phase = $state<SignInPhase>('ready');
  /** The provider's address while the browser has the sign-in. */
  authorizeUrl = $state<string | null>(null);
  /** The last failure, shown until the next attempt. */
  failure = $state<Code | null>(null);

  #options: SignInFlowOptions;
  /** Bumped by each attempt and by abandoning one: a late answer of an older attempt is ignored. */
  #attempt = 0;
  /** Annuller was pressed: the `sign_in_cancelled` that follows is no failure to show. */
  #cancelled = false;
  /** The browser has the sign-in. A plain field beside `phase`: a screen's teardown reads it,
   *  and Svelte gives teardowns the state as it was before the update that destroyed the screen. */
  #inBrowser = false;

  constructor(options: SignInFlowOptions) {
    this.#options = options;
  }

  get busy(): boolean {
    return this.phase !== 'ready';
  }

  /** Demo: signs in (or unlocks) with a role. */
  async demo(role: Role, name: string) {
    if (this.busy) return;
    const attempt = this.#begin('busy');
    try {
      const user = await this.#options.backend().signIn(role, name);
      if (attempt === this.#attempt) this.#succeed(user);
    } catch (e) {
      if (attempt === this.#attempt) this.#fail(codeOf(e));
    }
  }

  /** Production: starts the sign-in (the shell opens the browser), then waits for its answer. */
  async provider() {
    if (this.busy) return;
    const attempt = this.#begin('starting');
    try {
      const backend = this.#options.backend();
      const started = await backend.signInStart();
      if (attempt !== this.#attempt) return;
      this.authorizeUrl = started.authorizeUrl;
      this.phase = 'waiting';
      this.#inBrowser = true;
      const user = await backend.signInFinish();
      if (attempt === this.#attempt) this.#succeed(user);
    } catch (e) {
      if (attempt !== this.#attempt) return;
      const code = codeOf(e);
      if (this.#cancelled && code === 'sign_in_cancelled') this.#reset();
      else this.#fail(code);
    }
  }

  /** Annuller: the waiting sign-in ends with `sign_in_cancelled`, which returns to the button. */
  async cancel() {
    if (this.phase !== 'waiting') return;
    this.#cancelled = true;
    try {
      await this.#options.backend().signInCancel();
    } catch (e) {
      this.#attempt++;
      this.#fail(codeOf(e));
    }
  }

  /** The screen goes away: a sign-in waiting for the browser is cancelled, and ignored. */
  abandon() {
    const waiting = this.#inBrowser;
    this.#attempt++;
    this.#reset();
    if (waiting) void this.#options.backend().signInCancel().catch(() => {});
  }

  #begin(phase: SignInPhase): number {
    this.phase = phase;
    this.failure = null;
    this.#cancelled = false;
    return ++this.#attempt;
  }

  #reset() {
    this.phase = 'ready';
    this.authorizeUrl = null;
    this.#cancelled = false;
    this.#inBrowser = false;
  }

  #succeed(user: User) {
    this.#reset();
    this.#options.onSignedIn(user);
  }

  #fail(code: Code) {
    this.#reset();
    this.failure = code;
    this.#options.onFailed(code);
  }
}
