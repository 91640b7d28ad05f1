// The Scanning view's state and its calls (issue 19.4): the scan inbox, looked at on entering the
// view and every POLL_MS while it is shown (a look also takes and analyses new files from the
// watched folder, so it can take seconds: one look at a time, and a newer answer always wins);
// the chosen page with its crops, moved by the clerk and cut again on release; accept on the open
// case, Send, the next card; and setting a file aside. The view (ScanView.svelte) only shows it.
import { BackendError, type CaseView, type Corners, type IBackend, type ScanFailedView, type ScanInboxView, type ScanPageView, type SendView } from '../backend';
import { sameCorners } from './quad';

/** How often the inbox is looked at while the view is shown. */
export const POLL_MS = 3000;
/** A look the clerk did not ask for shows its progress once it has taken this long (so a quick
 *  look every 3 s does not flicker); the first look and opening a file show it at once. */
export const LOOK_SHOWN_AFTER_MS = 300;

/** One page of one file. */
export type PageRef = { fileId: string; page: number };
/** The two crops the clerk can move. */
export type Part = 'photo' | 'signature';

const codeOf = (e: unknown): string => (e instanceof BackendError ? e.code : 'internal');
const same = (a: PageRef | null, b: PageRef | null) => a !== null && b !== null && a.fileId === b.fileId && a.page === b.page;

export class ScanDesk {
  /** The inbox as last answered; null before the first answer. */
  inbox = $state<ScanInboxView | null>(null);
  /** Files the watched folder set aside (each answer tells them once; kept until hidden). */
  setAside = $state<ScanFailedView[]>([]);
  /** Why the last look at the inbox failed; cleared by the next answer. */
  inboxFailure = $state<string | null>(null);
  /** A look or an open is running (`open`: the clerk's file is read and analysed). */
  busy = $state<'look' | 'open' | null>(null);
  /** The progress of `busy` is shown. */
  busyShown = $state(false);

  /** The page chosen in the inbox. */
  selected = $state<PageRef | null>(null);
  /** That page with its crops, once answered. */
  page = $state<ScanPageView | null>(null);
  pageLoading = $state(false);
  /** Why the chosen page cannot be shown (its own error, or the call's). */
  pageError = $state<string | null>(null);
  /** The crops as the clerk has them now (page pixels); the answer's until moved. */
  photo = $state<Corners | null>(null);
  signature = $state<Corners | null>(null);
  /** The moved crops are being cut and checked again. */
  adjusting = $state(false);
  /** A handle is being dragged or moved by keys (an answer then leaves the clerk's corners). */
  editing = $state(false);

  /** The open case (the CPR and case reference on the card). */
  caseView = $state<CaseView | null>(null);
  /** The page whose crops are on the open case (accepted, not moved since). */
  acceptedFor = $state<PageRef | null>(null);
  /** The override reason for a failing report. */
  reason = $state('');
  accepting = $state(false);
  sending = $state(false);
  /** The last Send, with its page: the confirmation is shown until the next card is chosen. */
  sent = $state<{ view: SendView; ref: PageRef } | null>(null);
  /** Why accept, send or reject failed. */
  actionFailure = $state<string | null>(null);
  rejecting = $state(false);
  /** The name of the file set aside last (confirmed once). */
  rejected = $state<string | null>(null);
  /** "Næste kort" found no card left. */
  noNext = $state(false);

  #backend: () => IBackend;
  /** Bumped by every call that answers the inbox: an older answer is dropped. */
  #inboxSeq = 0;
  #pageSeq = 0;
  #adjustSeq = 0;
  #showTimer: ReturnType<typeof setTimeout> | null = null;
  /** Calls answering the inbox that are running. */
  #running = 0;
  #stopped = false;

  constructor(backend: () => IBackend) {
    this.#backend = backend;
  }

  /** The file of the chosen page, while it is in the inbox. */
  get file() {
    return this.inbox?.files.find((f) => f.id === this.selected?.fileId) ?? null;
  }

  /** The photo report fails (its crop needs an override reason). */
  get photoFails() {
    return this.page !== null && this.page.photoReport.verdict !== 'pass';
  }

  get signatureFails() {
    return this.page !== null && this.page.signatureReport.verdict !== 'pass';
  }

  /** The open case may take the crops (not blocked). */
  get caseReady() {
    return this.caseView !== null && !this.caseView.blocked;
  }

  /** Accept is possible: a page shown and not queued, a usable case, nothing running, and a
   *  reason when a report fails. */
  get canAccept() {
    const needsReason = this.photoFails || this.signatureFails;
    return this.page !== null && !this.page.queued && this.caseReady && !this.adjusting && !this.accepting && !this.editing
      && !this.isAccepted && (!needsReason || this.reason.trim() !== '');
  }

  /** The crops shown are the ones on the open case. */
  get isAccepted() {
    return same(this.acceptedFor, this.selected) && this.caseView?.photoAccepted === true && this.caseView.signatureAccepted;
  }

  get canSend() {
    return this.isAccepted && !this.sending;
  }

  /** Starts the view: the open case, a look at once, then one every POLL_MS while the page is
   *  visible. Returns the stop (the view is hidden). */
  start(): () => void {
    this.#stopped = false;
    this.#backend().caseCurrent().then((v) => (this.caseView = v)).catch(() => {});
    void this.look(true);
    const timer = setInterval(() => {
      if (typeof document === 'undefined' || !document.hidden) void this.look(false);
    }, POLL_MS);
    const onVisible = () => {
      if (!document.hidden) void this.look(false);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      this.#stopped = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      this.#hideBusy();
    };
  }

  /** Looks at the inbox (skipped while another look or an open runs). */
  async look(explicit: boolean) {
    if (this.busy !== null || this.#stopped) return;
    const mine = this.#beginBusy('look', explicit);
    try {
      this.#setInbox(mine, await this.#backend().scanInbox());
      if (mine === this.#inboxSeq) this.inboxFailure = null;
    } catch (e) {
      if (mine === this.#inboxSeq) this.inboxFailure = codeOf(e);
    } finally {
      this.#endBusy();
    }
  }

  /** "Åbn fil": the system's dialog, then each chosen file into the inbox; the first new page is
   *  chosen. */
  async open(title: string) {
    if (this.busy === 'open') return;
    let paths: string[];
    try {
      paths = await this.#backend().scanChooseFiles(title);
    } catch (e) {
      this.inboxFailure = codeOf(e);
      return;
    }
    if (paths.length === 0) return;
    const before = new Set(this.inbox?.files.map((f) => f.id) ?? []);
    const mine = this.#beginBusy('open', true);
    try {
      for (const path of paths) this.#setInbox(mine, await this.#backend().scanOpenFile(path));
      this.inboxFailure = null;
    } catch (e) {
      this.inboxFailure = codeOf(e);
    } finally {
      this.#endBusy();
    }
    const added = this.inbox?.files.find((f) => !before.has(f.id) && f.pages.length > 0);
    if (added && this.page === null && !this.pageLoading) void this.select({ fileId: added.id, page: added.pages[0].page });
  }

  /** Shows a page: its picture, crops and checks (or why it cannot be used). */
  async select(ref: PageRef) {
    const mine = ++this.#pageSeq;
    this.#adjustSeq++;
    this.editing = false;
    this.selected = ref;
    this.page = null;
    this.photo = null;
    this.signature = null;
    this.pageError = null;
    this.reason = '';
    this.actionFailure = null;
    this.adjusting = false;
    this.sent = null;
    this.rejected = null;
    this.noNext = false;
    const summary = this.inbox?.files.find((f) => f.id === ref.fileId)?.pages.find((p) => p.page === ref.page);
    if (summary?.error) {
      this.pageError = summary.error;
      return;
    }
    this.pageLoading = true;
    try {
      const view = await this.#backend().scanPage(ref.fileId, ref.page);
      if (mine !== this.#pageSeq) return;
      this.#showPage(view, true);
    } catch (e) {
      if (mine === this.#pageSeq) this.pageError = codeOf(e);
    } finally {
      if (mine === this.#pageSeq) this.pageLoading = false;
    }
  }

  /** The clerk moves a crop's corner (a drag in progress, or an arrow key held). */
  move(part: Part, corners: Corners) {
    this.editing = true;
    if (part === 'photo') this.photo = corners;
    else this.signature = corners;
  }

  /** The drag or key is released: the crops are cut and checked again when they changed. */
  async release() {
    this.editing = false;
    const page = this.page;
    const photo = this.photo;
    const signature = this.signature;
    if (!page || !photo || !signature) return;
    if (sameCorners(photo, page.photo) && sameCorners(signature, page.signature)) return;
    const mine = ++this.#adjustSeq;
    const pageSeq = this.#pageSeq;
    this.acceptedFor = null;
    this.adjusting = true;
    this.actionFailure = null;
    try {
      const view = await this.#backend().scanAdjust(page.fileId, page.page, photo, signature);
      if (mine === this.#adjustSeq && pageSeq === this.#pageSeq) this.#showPage(view, !this.editing);
    } catch (e) {
      if (mine === this.#adjustSeq && pageSeq === this.#pageSeq) this.actionFailure = codeOf(e);
    } finally {
      if (mine === this.#adjustSeq) this.adjusting = false;
    }
  }

  /** Puts the page's crops on the open case, with the reason for each failing report. */
  async accept() {
    const page = this.page;
    if (!page || !this.canAccept) return;
    const reason = this.reason.trim();
    this.accepting = true;
    this.actionFailure = null;
    try {
      this.caseView = await this.#backend().scanAccept(
        page.fileId, page.page, this.photoFails ? reason : null, this.signatureFails ? reason : null,
      );
      this.acceptedFor = { fileId: page.fileId, page: page.page };
    } catch (e) {
      this.actionFailure = codeOf(e);
    } finally {
      this.accepting = false;
    }
  }

  /** Queues the case with the accepted crops (the case closes), then looks at the inbox. */
  async send() {
    const ref = this.acceptedFor;
    if (!ref || !this.canSend) return;
    this.sending = true;
    this.actionFailure = null;
    try {
      const view = await this.#backend().sendCase();
      this.sent = { view, ref };
      this.caseView = null;
      this.acceptedFor = null;
      this.reason = '';
      void this.look(true);
    } catch (e) {
      this.actionFailure = codeOf(e);
    } finally {
      this.sending = false;
    }
  }

  /** The next card to work on: the first page in the inbox that is not queued, has a card and is
   *  not the one just sent; null when none is left. */
  nextRef(): PageRef | null {
    const skip = this.sent?.ref ?? this.selected;
    for (const f of this.inbox?.files ?? []) {
      for (const p of f.pages) {
        const ref = { fileId: f.id, page: p.page };
        if (!p.queued && p.error === null && !same(ref, skip)) return ref;
      }
    }
    return null;
  }

  /** "Næste kort". */
  async next() {
    const ref = this.nextRef();
    if (ref) {
      await this.select(ref);
      return;
    }
    this.sent = null;
    this.selected = null;
    this.page = null;
    this.noNext = true;
  }

  /** Sets the chosen page's file aside with the clerk's reason; true when it was. */
  async reject(reason: string): Promise<boolean> {
    const file = this.file;
    if (!file || this.rejecting) return false;
    this.rejecting = true;
    this.actionFailure = null;
    const mine = ++this.#inboxSeq;
    try {
      this.#setInbox(mine, await this.#backend().scanReject(file.id, reason.trim()));
      this.#pageSeq++;
      this.selected = null;
      this.page = null;
      this.pageError = null;
      this.photo = null;
      this.signature = null;
      this.rejected = file.name;
      return true;
    } catch (e) {
      this.actionFailure = codeOf(e);
      return false;
    } finally {
      this.rejecting = false;
    }
  }

  /** "Luk sag": the case typed from the card was the wrong one. */
  async closeCase() {
    this.actionFailure = null;
    try {
      await this.#backend().caseClose();
      this.caseView = null;
      this.acceptedFor = null;
    } catch (e) {
      this.actionFailure = codeOf(e);
    }
  }

  /** Hides the files set aside so far. */
  dismissSetAside() {
    this.setAside = [];
  }

  #showPage(view: ScanPageView, corners: boolean) {
    this.page = view;
    if (corners || this.photo === null || this.signature === null) {
      this.photo = view.photo;
      this.signature = view.signature;
    }
  }

  #setInbox(mine: number, view: ScanInboxView) {
    if (view.failed.length > 0) this.setAside = [...this.setAside, ...view.failed];
    if (mine !== this.#inboxSeq) return;
    this.inbox = view;
  }

  #beginBusy(kind: 'look' | 'open', explicit: boolean): number {
    this.#running++;
    this.busy = kind;
    if (explicit) this.busyShown = true;
    else if (this.#showTimer === null) this.#showTimer = setTimeout(() => (this.busyShown = this.busy !== null), LOOK_SHOWN_AFTER_MS);
    return ++this.#inboxSeq;
  }

  #endBusy() {
    if (--this.#running > 0) return;
    this.busy = null;
    this.#hideBusy();
  }

  #hideBusy() {
    if (this.#showTimer !== null) clearTimeout(this.#showTimer);
    this.#showTimer = null;
    this.busyShown = false;
  }
}
