// The case form's state and rules, shared by the counter flow's Sag step (CaseStep) and the scan
// desk's case (ScanCase): the CPR number formatted as typed and validated once complete (a late
// answer of an older validation is ignored), the case reference checked against the
// municipality's pattern, the lookup (`case_open`) with its busy and slow-register states, and the
// failure with "continue unverified" when the CPR register is down.
import { BackendError, type AppInfo, type CaseView, type CprValidation, type IBackend } from '../backend';
import type { Code } from '../generated/codes';
import { CODE_TEXT } from '../i18n/index.svelte';
import { caseRefMatches, digitCount, formatCprInput } from './format';

/** After this long the lookup's progress says the CPR register is slow (issue 18.6). */
export const CPR_SLOW_MS = 3000;

/** What the form does with its fields once a lookup has opened the case: `keep` them (the counter
 *  flow, where "Ny sag" clears them) or `clear` them (the scan desk, ready for the next card). */
export type AfterOpen = 'keep' | 'clear';

/** The dkfds alert class for a code's severity. */
export const alertClass = (code: Code): string =>
  ({ error: 'alert-error', warning: 'alert-warning', info: 'alert-info' })[CODE_TEXT[code].severity];

/** The CPR + case reference form before a case is open; the component owns the markup and
 *  creates one per mounted form. */
export class CaseForm {
  #backend: () => IBackend;
  #info: () => AppInfo;
  #onOpened: (v: CaseView) => void;
  #afterOpen: AfterOpen;
  /** Bumped by each validation: only the newest one's answer is kept. */
  #validationSeq = 0;

  /** The CPR number as shown in the field (formatted while typed). */
  cpr = $state('');
  caseRef = $state('');
  /** The backend's answer for the current CPR number; null while it is incomplete. */
  validation = $state<CprValidation | null>(null);
  /** The case reference field has been left non-empty: only then is its error shown. */
  caseRefTouched = $state(false);
  /** A lookup is under way. */
  busy = $state(false);
  /** The lookup has taken longer than CPR_SLOW_MS: the clerk is told the register is slow. */
  slow = $state(false);
  /** The last lookup's failure, shown until the CPR number changes or the next lookup. */
  failure = $state<Code | null>(null);

  readonly cprError = $derived(this.validation && !this.validation.valid ? this.validation.error : null);
  /** The case reference matches the municipality's pattern (`$derived.by`: `#info` is set in the
   *  constructor, after the field initialisers). */
  readonly caseRefOk = $derived.by(() => caseRefMatches(this.#info().caseRefPattern, this.caseRef.trim()));
  readonly canLookUp = $derived(
    !this.busy && this.validation?.valid === true && this.caseRef.trim() !== '' && this.caseRefOk,
  );
  /** The CPR register is down: the failure offers retry and "continue unverified". */
  readonly serviceDown = $derived(
    this.failure === 'cpr_service_unavailable' || this.failure === 'cpr_service_timeout',
  );

  constructor(backend: () => IBackend, info: () => AppInfo, onOpened: (v: CaseView) => void, afterOpen: AfterOpen) {
    this.#backend = backend;
    this.#info = info;
    this.#onOpened = onOpened;
    this.#afterOpen = afterOpen;
  }

  /** The CPR field's text changed: formatted, and validated once the number is complete, or at
   *  once when the text cannot be a number at all. */
  async cprInput(text: string) {
    this.cpr = formatCprInput(text);
    this.failure = null;
    if (digitCount(this.cpr) >= 10 || !/^[0-9 -]*$/.test(this.cpr)) await this.validate();
    else this.validation = null;
  }

  /** Asks the backend about the CPR number as it is now. */
  async validate() {
    const seq = ++this.#validationSeq;
    const result = await this.#backend().cprValidate(this.cpr);
    if (seq === this.#validationSeq) this.validation = result;
  }

  /** The case reference field is left: its error shows from now on if it is not empty. */
  caseRefBlur() {
    this.caseRefTouched = this.caseRef !== '';
  }

  /** Opens the case (`allowUnverified` when the clerk continues without the CPR register). */
  async lookUp(allowUnverified: boolean) {
    this.busy = true;
    this.slow = false;
    this.failure = null;
    const slowTimer = setTimeout(() => (this.slow = true), CPR_SLOW_MS);
    try {
      this.#onOpened(await this.#backend().caseOpen({ cpr: this.cpr, caseRef: this.caseRef.trim(), allowUnverified }));
      if (this.#afterOpen === 'clear') this.reset();
    } catch (e) {
      this.failure = e instanceof BackendError ? e.code : 'internal';
    } finally {
      clearTimeout(slowTimer);
      this.busy = false;
      this.slow = false;
    }
  }

  /** Empties the form for the next case. */
  reset() {
    this.cpr = '';
    this.caseRef = '';
    this.validation = null;
    this.caseRefTouched = false;
    this.failure = null;
  }
}
