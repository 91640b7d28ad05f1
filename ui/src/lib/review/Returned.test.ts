// Returnerede sager against the mock backend: a case a supervisor returned reaches the clerks
// with the reason in plain Danish; "Borger informeret" needs how the citizen was told and then
// shows who and when; a new case for the same person shows the returned case on the case step.
import { afterEach, describe, expect, it } from 'vitest';
import { mountApp, q, qa, settle, unmountApp } from '../../test/helpers';
import { MockBackend, mockReviewEntry, type MockReturnedCase } from '../backend/mock';
import { CODE_TEXT } from '../i18n/index.svelte';

afterEach(unmountApp);

async function signIn(b: MockBackend, role: 'clerk' | 'supervisor') {
  q(`signin-${role}`)!.click();
  await settle();
}

async function type(id: string, value: string) {
  const el = q(id) as HTMLInputElement | HTMLTextAreaElement;
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
  el.dispatchEvent(new Event('blur'));
  await settle();
}

/** A returned case of Anne Demo Hansen (0101901234) in the mock. */
function anne(over: Partial<MockReturnedCase['view']> = {}): MockReturnedCase {
  return {
    personCpr: '0101901234',
    view: {
      captureId: 'r1', caseRef: 'KK-2026-000101', cprMasked: '010190-xxxx', cause: 'producer_rejected',
      reasons: ['cpr_person_dead', 'producer_photo_unusable'], supervisorReason: 'Fotoet er uskarpt; tag et nyt.',
      capturedBy: 'mock-clerk', returnedBy: 'mock-supervisor', returnedAt: '2026-11-02T10:00:00Z', citizenTold: null,
      informedBy: null, informedAt: null, ...over,
    },
  };
}

describe('Returnerede sager', () => {
  it('a case the supervisor returns reaches the clerk, who marks "Borger informeret"', async () => {
    const b = new MockBackend();
    b.review = [mockReviewEntry('c1', 'gateway_rejected', { caseRef: 'KK-2026-000777', reasons: ['content_digest_mismatch'] })];
    mountApp(b);
    await settle();
    await signIn(b, 'supervisor');
    q('view-review')!.click();
    await settle();
    q('review-open-c1')!.click();
    await settle();
    await type('review-reason', 'Optagelsen er ufuldstændig. Tag den om.');
    q('review-decide-return')!.click();
    await settle();
    expect(q('review-decided')!.dataset.decision).toBe('return');
    q('header-sign-out')!.click();
    await settle();

    await signIn(b, 'clerk');
    q('view-returned')!.click();
    await settle();
    expect(document.querySelector('h1')!.textContent).toBe('Returnerede sager');
    expect(document.activeElement).toBe(document.querySelector('h1'));
    const card = q('returned-case')!;
    expect(card.dataset.capture).toBe('c1');
    expect(card.dataset.informed).toBe('false');
    expect(card.querySelector('h2')!.textContent).toBe('Sagsnummer KK-2026-000777');
    expect(q('returned-cpr')!.textContent).toBe('010190-xxxx');
    expect(q('returned-cause')!.textContent!.trim()).toBe('Afvist af gatewayen: Pakken blev ændret undervejs (kontrolsummen passer ikke)');
    expect(q('returned-reason')!.textContent).toBe('Optagelsen er ufuldstændig. Tag den om.');
    expect(card.textContent).toContain('mock-supervisor');

    // Without how the citizen was told: nothing is sent, the field says why and has the focus.
    q('returned-inform')!.click();
    await settle();
    expect(q('returned-told-missing')!.textContent).toBe('Skriv, hvordan borgeren blev informeret.');
    expect(document.activeElement).toBe(q('returned-told'));
    expect(b.returned[0].view.informedAt).toBeNull();
    expect(document.querySelector('label[for="returned-told-c1"]')!.textContent).toBe('Sådan blev borgeren informeret');

    await type('returned-told', 'Ringet til borgeren.');
    q('returned-inform')!.click();
    await settle();
    expect(b.returned[0].view).toMatchObject({ citizenTold: 'Ringet til borgeren.', informedBy: 'mock-clerk' });
    expect(q('returned-case')!.dataset.informed).toBe('true');
    expect(q('returned-informed')!.textContent).toContain('Borger informeret af mock-clerk');
    expect(q('returned-informed')!.textContent).toContain('Ringet til borgeren.');
    expect(document.activeElement).toBe(q('returned-informed'));
    expect(q('returned-inform')).toBeNull();
  });

  it('shows the reasons in Danish where known, and says so when there are none', async () => {
    const b = new MockBackend();
    b.returned = [anne()];
    mountApp(b);
    await settle();
    await signIn(b, 'supervisor');
    q('view-returned')!.click();
    await settle();
    expect(q('returned-cause')!.textContent!.trim()).toBe(
      `Afvist af producenten (tilbageløb): ${CODE_TEXT.cpr_person_dead.da}; Producenten kan ikke bruge fotoet`,
    );
    unmountApp();
    mountApp(new MockBackend());
    await settle();
    q('signin-clerk')!.click();
    await settle();
    q('view-returned')!.click();
    await settle();
    expect(q('returned-empty')!.textContent).toBe('Ingen returnerede sager.');
  });
});

describe('the case step', () => {
  it('shows "Borgeren har en returneret sag" when the person has one, and nothing for others', async () => {
    const b = new MockBackend();
    b.returned = [anne()];
    mountApp(b);
    await settle();
    await signIn(b, 'clerk');
    await type('cpr-input', '0101901234');
    await type('case-ref-input', 'KK-2026-000200');
    q('case-lookup')!.click();
    await settle();
    expect(q('person-name')!.textContent).toBe('Anne Demo Hansen');
    const notices = qa('case-returned');
    expect(notices.length).toBe(1);
    expect(notices[0].textContent).toContain('Borgeren har en returneret sag: KK-2026-000101');
    expect(notices[0].textContent).toContain('Afvist af producenten (tilbageløb)');
    expect(notices[0].textContent).toContain('Fotoet er uskarpt; tag et nyt.');

    q('case-new')!.click();
    await settle();
    await type('cpr-input', '0707301241');
    await type('case-ref-input', 'KK-2026-000201');
    q('case-lookup')!.click();
    await settle();
    expect(q('person-name')!.textContent).toBe('Gert Værge');
    expect(q('case-returned')).toBeNull();
  });
});
