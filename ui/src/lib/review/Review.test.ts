// Gennemgang against the mock backend (which keeps the backend's rules: four eyes, a reason, a
// fresh confirmation used up per decision): the supervisor's header count and the list with its
// counts, the detail with only the decisions its cause allows, the step-up (demo and production)
// after which the decision is made again by itself, once; the four-eyes notice.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountApp, q, qa, settle, unmountApp } from '../../test/helpers';
import { MockBackend, mockReviewEntry } from '../backend/mock';
import { BackendError } from '../backend';
import { CODE_TEXT } from '../i18n/index.svelte';

afterEach(unmountApp);

const supervisor = { id: 'mock-supervisor', name: 'Mock supervisor', role: 'supervisor' as const };

/** The app on a mock whose queue is `setup`'s, signed in as the demo supervisor. */
async function asSupervisor(setup: (b: MockBackend) => void = () => {}) {
  const b = new MockBackend();
  setup(b);
  mountApp(b);
  await settle();
  q('signin-supervisor')!.click();
  await settle();
  return b;
}

async function openReview() {
  q('view-review')!.click();
  await settle();
}

async function openItem(captureId: string) {
  q(`review-open-${captureId}`)!.click();
  await settle();
}

async function typeReason(text: string, id = 'review-reason') {
  const el = q(id) as HTMLTextAreaElement;
  el.value = text;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
}

/** Opens `captureId` in Gennemgang, writes `reason` and presses the decision's button. */
async function decide(captureId: string, decision: 'approve' | 'return' | 'discard', reason: string) {
  await openReview();
  await openItem(captureId);
  await typeReason(reason);
  q(`review-decide-${decision}`)!.click();
  await settle();
}

/** The supervisor signed in through the provider, long enough ago that a decision needs a step-up. */
function needsProviderStepUp(b: MockBackend) {
  b.signInMethod = 'provider';
  b.announceSession();
  b.confirmedAt = null;
}

const buttons = () => qa('review-decision').flatMap((s) => [...s.querySelectorAll('button')].map((b) => b.dataset.testid));

describe('Gennemgang: the list', () => {
  it('shows the queue oldest first with causes in Danish, counts by cause, and "N venter" in the header', async () => {
    const b = await asSupervisor((m) => {
      m.review = [
        mockReviewEntry('a', 'gateway_rejected', { caseRef: 'KK-A', cprMasked: '010190-xxxx', since: '2026-11-01T08:00:00Z' }),
        mockReviewEntry('b', 'producer_rejected', { caseRef: 'KK-B', reasons: ['producer_photo_unusable'] }),
        mockReviewEntry('c', 'gateway_rejected', { caseRef: 'KK-C', capturedBy: 'hanne' }),
        mockReviewEntry('d', 'override', { caseRef: 'KK-D', photoOverride: true }),
        mockReviewEntry('e', 'blocked', { caseRef: 'KK-E', reasons: ['cpr_person_dead'] }),
        mockReviewEntry('f', 'dead', { caseRef: 'KK-F' }),
        mockReviewEntry('g', 'stuck', { caseRef: 'KK-G' }),
      ];
    });
    expect(q('header-review-waiting')!.textContent).toBe('7 venter');
    q('header-review-waiting')!.click();
    await settle();
    expect(document.querySelector('h1')!.textContent).toBe('Gennemgang');
    expect(document.activeElement).toBe(document.querySelector('h1'));
    const rows = qa('review-item');
    expect(rows.map((r) => r.dataset.capture)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const cells = (r: HTMLElement) => [...r.querySelectorAll('td')].map((c) => c.textContent!.trim());
    expect(cells(rows[0]).slice(1, 5)).toEqual(['KK-A', '010190-xxxx', 'Afvist af gatewayen', 'mock-clerk']);
    expect(cells(rows[0])[0]).toMatch(/^01\.11\.2026 kl\. \d\d:00$/);
    expect(cells(rows[1])[3]).toBe('Afvist af producenten (tilbageløb) Producenten kan ikke bruge fotoet');
    expect(cells(rows[2])[4]).toBe('hanne');
    expect(cells(rows[3])[3]).toBe('Godkendt trods fejl — venter på godkendelse');
    expect(cells(rows[4])[3]).toBe(`Spærret ved nyt CPR-opslag ${CODE_TEXT.cpr_person_dead.da}`);
    expect(cells(rows[5])[3]).toBe('Opgivet efter fejl');
    expect(cells(rows[6])[3]).toBe('Certifikat afvist i lang tid');
    expect(qa('review-count').map((c) => c.textContent)).toEqual([
      '2 Afvist af gatewayen', '1 Afvist af producenten (tilbageløb)', '1 Spærret ved nyt CPR-opslag',
      '1 Godkendt trods fejl — venter på godkendelse', '1 Opgivet efter fejl', '1 Certifikat afvist i lang tid',
    ]);
    expect(b.shown).toEqual([]);
  });

  it('stays live: the count and the list follow the queue at the next 5 s tick', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const b = await asSupervisor((m) => (m.review = [mockReviewEntry('a', 'gateway_rejected')]));
      await openReview();
      expect(qa('review-item').map((r) => r.dataset.capture)).toEqual(['a']);
      b.review = [...b.review, mockReviewEntry('b', 'dead')];
      await settle();
      expect(q('header-review-waiting')!.textContent).toBe('1 venter');
      vi.advanceTimersByTime(5000);
      await settle();
      expect(q('header-review-waiting')!.textContent).toBe('2 venter');
      expect(qa('review-item').map((r) => r.dataset.capture)).toEqual(['a', 'b']);
      // Decided elsewhere (another supervisor): the count stays, the list still follows.
      b.review = [mockReviewEntry('c', 'stuck'), mockReviewEntry('d', 'blocked')];
      vi.advanceTimersByTime(5000);
      await settle();
      expect(qa('review-item').map((r) => r.dataset.capture)).toEqual(['c', 'd']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says so when nothing waits; clerks and IT have no count and no Gennemgang', async () => {
    await asSupervisor((m) => (m.review = []));
    expect(q('header-review-waiting')!.textContent).toBe('0 venter');
    await openReview();
    expect(q('review-empty')!.textContent).toBe('Ingen optagelser venter på gennemgang.');
    for (const role of ['clerk', 'it'] as const) {
      unmountApp();
      const b = new MockBackend();
      mountApp(b);
      await settle();
      q(`signin-${role}`)!.click();
      await settle();
      expect(q('header-review-waiting')).toBeNull();
      expect(q('view-review')).toBeNull();
    }
  });
});

describe('Gennemgang: the detail', () => {
  it('shows photo, checks, the clerk\'s reason, reasons and history; an override can be approved', async () => {
    const b = await asSupervisor((m) => {
      m.review = [mockReviewEntry('d', 'override', { caseRef: 'KK-D', photoOverride: true })];
    });
    await openReview();
    await openItem('d');
    expect(b.shown).toEqual(['d']);
    expect(document.querySelector('h1')!.textContent).toBe('Optagelse til gennemgang');
    expect(q('review-case-ref')!.textContent).toBe('KK-D');
    expect(q('review-cpr')!.textContent).toBe('010190-xxxx');
    expect(q('review-cause')!.textContent).toBe('Godkendt trods fejl — venter på godkendelse');
    expect(q('review-reasons')!.textContent!.trim()).toBe('Ingen begrundelse givet.');
    expect((q('review-photo-image') as HTMLImageElement).alt).toBe('Borgerens portræt (udsnit 35:45)');
    expect(q('review-photo-checks')!.dataset.verdict).toBe('fail');
    expect(q('review-photo-checks')!.querySelector('[data-pass="false"]')!.getAttribute('data-check')).toBe('eye_distance');
    expect(q('review-photo-override')!.textContent).toContain('Borgeren kan ikke tage brillerne af.');
    expect(q('review-signature-checks')!.dataset.verdict).toBe('pass');
    expect(q('review-signature-override')).toBeNull();
    expect(qa('review-history-line').map((l) => [...l.querySelectorAll('td')].slice(1).map((c) => c.textContent))).toEqual([
      ['mock-clerk', 'Optagelse', 'Gemt i køen'],
    ]);
    expect(buttons()).toEqual(['review-decide-approve', 'review-decide-return', 'review-decide-discard']);
    // A fresh sign-in counts as the confirmation: no step-up.
    await typeReason('Brillerne er i orden.');
    q('review-decide-approve')!.click();
    await settle();
    expect(q('step-up')).toBeNull();
    expect(b.decisions).toEqual([{ captureId: 'd', decision: 'approve', reason: 'Brillerne er i orden.', by: 'mock-supervisor' }]);
    expect(q('review-decided')!.textContent).toContain('Sag KK-D er godkendt og bliver sendt.');
    expect(document.activeElement).toBe(document.querySelector('h1'));
    expect(document.querySelector('h1')!.textContent).toBe('Gennemgang');
    expect(q('review-empty')).not.toBeNull();
    expect(q('header-review-waiting')!.textContent).toBe('0 venter');
  });

  it('offers only return and discard for a rejection, with the reasons in Danish where known', async () => {
    const b = await asSupervisor((m) => {
      m.review = [mockReviewEntry('e', 'blocked', { reasons: ['cpr_person_dead', 'something_else'] })];
    });
    await openReview();
    await openItem('e');
    expect(buttons()).toEqual(['review-decide-return', 'review-decide-discard']);
    const reasons = [...q('review-reasons')!.querySelectorAll('li')].map((l) => l.textContent);
    expect(reasons).toEqual([CODE_TEXT.cpr_person_dead.da, 'something_else']);
    // No reason: nothing is sent, the field says why and has the focus.
    q('review-decide-discard')!.click();
    await settle();
    expect(b.decisions).toEqual([]);
    expect(q('review-reason-missing')!.textContent).toBe('Skriv en begrundelse, før du træffer afgørelsen.');
    expect(document.activeElement).toBe(q('review-reason'));
    expect((q('review-reason') as HTMLTextAreaElement).maxLength).toBe(500);
    await typeReason('Borgeren er død.');
    expect(q('review-reason-missing')).toBeNull();
    q('review-decide-discard')!.click();
    await settle();
    expect(b.decisions.map((d) => d.decision)).toEqual(['discard']);
    expect(q('review-decided')!.dataset.decision).toBe('discard');
  });

  it('four eyes: the clerk who made the capture sees a notice and no decision', async () => {
    const b = await asSupervisor((m) => {
      m.review = [mockReviewEntry('own', 'gateway_rejected', { capturedBy: 'mock-supervisor' })];
    });
    await openReview();
    await openItem('own');
    expect(q('review-own-capture')!.textContent).toContain('En anden supervisor skal træffe afgørelsen');
    expect(buttons()).toEqual([]);
    expect(q('review-reason')).toBeNull();
    // The mock refuses it as the backend does.
    const err = await b.reviewDecide('own', 'return', 'x').catch((e) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect(err.code).toBe('review_own_capture');
  });
});

describe('Gennemgang: the step-up', () => {
  it('demo: confirmation needed -> "Bekræft som <navn>" -> the decision is made again by itself', async () => {
    const b = await asSupervisor((m) => {
      m.review = [mockReviewEntry('a', 'producer_rejected', { caseRef: 'KK-A' }), mockReviewEntry('b', 'gateway_rejected')];
    });
    b.confirmedAt = null;
    await decide('a', 'return', 'Fotoet er uskarpt. Tag et nyt.');
    expect(b.decisions).toEqual([]);
    expect(q('step-up')!.getAttribute('role')).toBe('dialog');
    expect(q('step-up')!.textContent).toContain('Bekræft, at det er dig');
    expect(q('step-up-provider')).toBeNull();
    expect(q('step-up-demo')!.textContent).toBe('Bekræft som Mock supervisor');
    expect(document.activeElement).toBe(q('step-up-demo'));
    q('step-up-demo')!.click();
    await settle();
    expect(b.confirmations).toEqual(['demo']);
    expect(b.decisions).toEqual([{ captureId: 'a', decision: 'return', reason: 'Fotoet er uskarpt. Tag et nyt.', by: 'mock-supervisor' }]);
    expect(q('step-up')).toBeNull();
    expect(q('review-decided')!.textContent).toContain('Sag KK-A er returneret til skranken.');
    expect(document.activeElement).toBe(document.querySelector('h1'));
    expect(qa('review-item').map((r) => r.dataset.capture)).toEqual(['b']);
    expect(q('header-review-waiting')!.textContent).toBe('1 venter');
    expect(b.returned.map((r) => r.view.supervisorReason)).toEqual(['Fotoet er uskarpt. Tag et nyt.']);
    // The confirmation was used up: the next decision asks again.
    expect(b.confirmedAt).toBeNull();
  });

  it('Tab stays in the dialog; Escape closes it without a decision and gives the focus back to the button', async () => {
    const b = await asSupervisor((m) => (m.review = [mockReviewEntry('a', 'gateway_rejected')]));
    b.confirmedAt = null;
    await decide('a', 'discard', 'Forkert sagsnummer.');
    expect(q('step-up')).not.toBeNull();
    // Tab goes round the dialog's controls.
    q('step-up-cancel')!.focus();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab' }));
    expect(document.activeElement).toBe(q('step-up-close'));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true }));
    expect(document.activeElement).toBe(q('step-up-cancel'));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await settle();
    expect(q('step-up')).toBeNull();
    expect(b.decisions).toEqual([]);
    expect(document.activeElement).toBe(q('review-decide-discard'));
    // Annuller closes it too.
    q('review-decide-discard')!.click();
    await settle();
    q('step-up-cancel')!.click();
    await settle();
    expect(q('step-up')).toBeNull();
    expect(b.decisions).toEqual([]);
  });

  it('production: the municipality\'s login in the browser, the link shown; the wrong user is refused', async () => {
    const b = await asSupervisor((m) => (m.review = [mockReviewEntry('a', 'gateway_rejected', { caseRef: 'KK-A' })]));
    needsProviderStepUp(b);
    await decide('a', 'return', 'Forkert foto.');
    expect(q('step-up-demo')).toBeNull();
    expect(q('step-up-provider')!.textContent).toBe('Bekræft med kommunens login');
    q('step-up-provider')!.click();
    await settle();
    expect(q('step-up')!.dataset.phase).toBe('waiting');
    expect(q('step-up-url')!.getAttribute('href')).toMatch(/^https:\/\/login\.mock\.invalid\/authorize\?.*step-up/);
    expect(document.activeElement).toBe(q('step-up-url'));
    b.browserSignsIn({ id: 'someone-else', name: 'Anden', role: 'supervisor' });
    await settle();
    expect(q('step-up-failure')!.dataset.code).toBe('step_up_wrong_user');
    expect(b.decisions).toEqual([]);
    q('step-up-provider')!.click();
    await settle();
    b.browserSignsIn(supervisor);
    await settle();
    expect(b.confirmations).toEqual(['provider']);
    expect(b.decisions.map((d) => [d.captureId, d.decision])).toEqual([['a', 'return']]);
    expect(q('review-decided')!.textContent).toContain('Sag KK-A er returneret til skranken.');
  });

  it('closing a production step-up that waits for the browser cancels it', async () => {
    const b = await asSupervisor((m) => (m.review = [mockReviewEntry('a', 'gateway_rejected')]));
    needsProviderStepUp(b);
    await decide('a', 'return', 'Forkert foto.');
    q('step-up-provider')!.click();
    await settle();
    expect(b.waitingForBrowser).toBe(true);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await settle();
    expect(q('step-up')).toBeNull();
    expect(b.signInCancels).toBe(1);
    expect(b.waitingForBrowser).toBe(false);
    expect(b.decisions).toEqual([]);
  });

  it('retries once only: a second refusal after the confirmation is shown, not asked again', async () => {
    const b = await asSupervisor((m) => (m.review = [mockReviewEntry('a', 'gateway_rejected')]));
    let calls = 0;
    b.reviewDecide = async () => {
      calls++;
      throw new BackendError('review_decide', 'review_confirmation_needed', 'always');
    };
    await decide('a', 'return', 'Forkert foto.');
    q('step-up-demo')!.click();
    await settle();
    expect(calls).toBe(2);
    expect(q('step-up')).toBeNull();
    expect(q('review-decide-failure')!.dataset.code).toBe('review_confirmation_needed');
    expect(q('review-decide-failure')!.textContent).toContain(CODE_TEXT.review_confirmation_needed.da);
  });
});
