import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount, unmount } from 'svelte';
import { settle, q, qa } from '../../test/helpers';
import SendStep from './SendStep.svelte';
import QueueList from './QueueList.svelte';
import Header from '../views/Header.svelte';
import { MockBackend, type CaseView, type QueueItem, type Status } from '../backend';
import { formatAge, isToday } from './time';

let comp: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (comp) unmount(comp);
  comp = null;
  document.body.innerHTML = '';
});

const status = (over: Partial<Status> = {}): Status => ({
  connection: 'online', queued: 0, oldestQueuedAgeS: null, certificateExpiresInDays: 200, problem: null, rejected: 0, dead: 0, ...over,
});

async function caseWith(b: MockBackend, photo: boolean, signature: boolean): Promise<CaseView> {
  await b.signIn('clerk');
  await b.caseOpen({ cpr: '0101901234', caseRef: 'KK-2026-000001', allowUnverified: false });
  b.openCase = { ...b.openCase!, photoAccepted: photo, signatureAccepted: signature };
  return b.openCase;
}

async function mountSend(b: MockBackend, view: CaseView | null) {
  const onGo = vi.fn();
  const onNextCitizen = vi.fn();
  comp = mount(SendStep, { target: document.body, props: { backend: b, view, status: status(), onGo, onNextCitizen } });
  await settle();
  return { onGo, onNextCitizen };
}

describe('SendStep', () => {
  it('Send is disabled with the reason shown, and links to the missing step', async () => {
    const b = new MockBackend();
    const view = await caseWith(b, false, true);
    const { onGo } = await mountSend(b, view);
    expect((q('send-button') as HTMLButtonElement).disabled).toBe(true);
    expect(q('send-why')!.textContent).toContain('både foto og underskrift');
    expect(q('send-photo')!.dataset.ok).toBe('false');
    q('send-go-photo')!.click();
    expect(onGo).toHaveBeenCalledWith('photo');
    expect(q('send-go-signature')).toBeNull();
  });

  it('sends, says the capture is saved, lists it, and Næste borger moves on', async () => {
    const b = new MockBackend();
    const view = await caseWith(b, true, true);
    const { onNextCitizen } = await mountSend(b, view);
    expect(q('send-citizen')!.textContent).toContain('Anne Demo Hansen');
    expect(q('send-why')).toBeNull();
    q('send-button')!.click();
    await settle();
    expect(q('send-done')!.textContent).toContain('Optagelsen er gemt og bliver sendt');
    expect(q('send-unverified')).toBeNull();
    expect(b.openCase).toBeNull();
    expect(qa('queue-item')).toHaveLength(1);
    expect(q('queue-state')!.textContent).toBe('I kø');
    q('send-next')!.click();
    expect(onNextCitizen).toHaveBeenCalledOnce();
  });

  it('a failed Send shows the Danish reason and keeps the case', async () => {
    const b = new MockBackend();
    const view = await caseWith(b, true, true);
    b.sendError = 'store_disk_full';
    await mountSend(b, view);
    q('send-button')!.click();
    await settle();
    expect(q('send-failure')!.textContent).toContain('Disken er fuld');
    expect(document.activeElement).toBe(q('send-failure'));
    expect(b.openCase).not.toBeNull();
    expect(q('send-done')).toBeNull();
  });

  it('an unverified case says it is looked up again before sending', async () => {
    const b = new MockBackend();
    b.cprDown = 'cpr_service_unavailable';
    await b.signIn('clerk');
    await b.caseOpen({ cpr: '0101901234', caseRef: 'KK-2026-000001', allowUnverified: true });
    b.openCase = { ...b.openCase!, photoAccepted: true, signatureAccepted: true };
    await mountSend(b, b.openCase);
    expect(q('send-notice')!.dataset.code).toBe('cpr_unverified');
    q('send-button')!.click();
    await settle();
    expect(q('send-unverified')).not.toBeNull();
  });
});

describe('card preview', () => {
  it('shows photo and signature at full size and at their card pixel size, labelled in Danish', async () => {
    const b = new MockBackend();
    const view = await caseWith(b, true, true);
    await mountSend(b, view);
    const preview = q('card-preview')!;
    expect(preview.textContent).toContain('Sådan ser det ud på kortet');
    expect(preview.textContent).toContain('Fuld størrelse');
    expect(preview.textContent).toContain('På kortet (25 × 32 mm)');
    expect(preview.textContent).toContain('På kortet (35 × 10 mm)');
    const sig = q('card-signature-print') as HTMLImageElement;
    // One image pixel per screen pixel (devicePixelRatio 1 here): never upscaled.
    expect(sig.style.width).toBe('354px');
    expect(sig.style.height).toBe('118px');
    expect((q('card-photo-print') as HTMLImageElement).style.width).toBe('294px');
    expect(q('card-photo-full')).not.toBeNull();
    expect(q('card-stroke-warning')).toBeNull();
    q('card-zoom')!.click();
    await settle();
    expect(sig.style.width).toBe('708px');
    expect(q('card-zoom')!.getAttribute('aria-pressed')).toBe('true');
  });

  it('warns in Danish when the strokes get too thin on the card, and Send stays possible', async () => {
    const b = new MockBackend();
    const view = await caseWith(b, true, true);
    const pixel = 'data:image/png;base64,AA==';
    const image = { full: pixel, card: pixel, cardWidthPx: 354, cardHeightPx: 118, fieldWidthMm: 35, fieldHeightMm: 10 };
    b.cardPreviewView = {
      dpi: 300, photo: null, signature: image,
      strokeWidth: { typicalMm: 0.12, minMm: 0.2, thinShare: 0.9, tooThin: true },
    };
    await mountSend(b, view);
    const warning = q('card-stroke-warning')!;
    expect(warning.textContent).toContain('Underskriften bliver for tynd på kortet');
    expect(warning.textContent).toContain('0,12 mm');
    expect(warning.textContent).toContain('mindst 0,2 mm');
    expect(q('card-photo')).toBeNull();
    expect((q('send-button') as HTMLButtonElement).disabled).toBe(false);
  });

  it('is not shown before anything is accepted', async () => {
    const b = new MockBackend();
    const view = await caseWith(b, false, false);
    await mountSend(b, view);
    expect(q('card-preview')).toBeNull();
  });
});

describe('QueueList', () => {
  const item = (over: Partial<QueueItem>): QueueItem => ({
    captureId: 'c1', state: 'queued', caseRef: 'KK-1', cprMasked: '010190-xxxx', source: 'counter', enqueuedAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(), nextAttemptAt: null, attempts: 1, lastError: null, reasons: [], deadReason: null, receiptId: null,
    cprUnverified: false, hasBundle: true, ...over,
  });

  it("shows today's captures with Danish states and reasons; Prøv igen nu calls send_now", async () => {
    const b = new MockBackend();
    b.queue = [
      item({ captureId: 'a', state: 'queued', lastError: 'gateway_unreachable' }),
      item({ captureId: 'b', state: 'rejected', reasons: ['producer_photo_unusable'] }),
      item({ captureId: 'c', state: 'accepted', receiptId: 'r' }),
      item({ captureId: 'd', state: 'queued', enqueuedAt: '2020-01-01T10:00:00Z' }),
    ];
    await b.signIn('clerk');
    comp = mount(QueueList, { target: document.body, props: { backend: b, status: status() } });
    await settle();
    const rows = qa('queue-item');
    expect(rows.map((r) => r.dataset.capture)).toEqual(['a', 'b', 'c']);
    expect(rows[0].textContent).toContain('I kø');
    expect(rows[0].textContent).toContain('Der er ingen forbindelse til modtageren');
    expect(rows[1].textContent).toContain('Afvist – til supervisor');
    expect(rows[1].textContent).toContain('producer_photo_unusable');
    expect(rows[2].textContent).toContain('Modtaget');
    q('queue-retry')!.click();
    await settle();
    expect(b.sendNowCalls).toBe(1);
    expect(q('queue-retried')!.textContent).toContain('Optagelser i kø sendes nu: 2');
  });

  it('says so when there is nothing today', async () => {
    comp = mount(QueueList, { target: document.body, props: { backend: new MockBackend(), status: status() } });
    await settle();
    expect(q('queue-empty')!.textContent).toBe('Ingen optagelser i dag.');
  });
});

describe('Header', () => {
  const info = {
    version: '0', mode: 'demo' as const, municipality: 'Demokommune', workstation: 'PC', caseRefPattern: '.*', caseRefExample: 'X', idleLockMinutes: 10,
  };
  const user = { id: 'u', name: 'Test', role: 'clerk' as const };

  it('shows the queue with the age of the oldest capture, rejected count and the problem', async () => {
    comp = mount(Header, {
      target: document.body,
      props: { info, user, status: status({ connection: 'offline', queued: 3, oldestQueuedAgeS: 400, rejected: 2, problem: 'gateway_unreachable' }), onLock: () => {}, onSignOut: () => {} },
    });
    await settle();
    expect(q('header-connection')!.textContent).toBe('Offline');
    expect(q('header-queue')!.textContent).toContain('Kø: 3');
    expect(q('header-queue')!.textContent).toContain('ældste: 6 min');
    expect(q('header-rejected')!.textContent).toBe('Afviste: 2');
    expect(q('header-problem')!.textContent).toContain('ingen forbindelse til modtageren');
  });

  it('warns about a certificate that expires soon, with the days left', async () => {
    comp = mount(Header, {
      target: document.body,
      props: { info, user, status: status({ problem: 'certificate_expires_soon', certificateExpiresInDays: 12 }), onLock: () => {}, onSignOut: () => {} },
    });
    await settle();
    expect(q('header-problem')!.textContent).toContain('udløber snart');
    expect(q('header-problem')!.textContent).toContain('12 dage');
    expect(q('header-rejected')).toBeNull();
  });
});

describe('time helpers', () => {
  it('formats ages and knows today', () => {
    expect(formatAge(45)).toBe('45 s');
    expect(formatAge(400)).toBe('6 min');
    expect(formatAge(7300)).toBe('2 t');
    expect(isToday(new Date().toISOString())).toBe(true);
    expect(isToday('2020-01-01T10:00:00Z')).toBe(false);
  });
});
