// The case and capture flows both end-to-end tests walk (demo in app.test.mjs, production in
// production.test.mjs): look a citizen up, and one whole capture from the case to the gateway's
// acceptance. `ui` is a page() of harness.mjs; the harness's rules hold here (atomic reads, waits
// on the state the UI exposes, bounded).
import assert from 'node:assert/strict';

/** The citizen of the whole capture (the same in the embedded and the standalone CPR simulator). */
export const CITIZEN = { cpr: '1203851002', name: 'Anne Demo Hansen' };

/** Types a CPR number and case reference and presses Slå op (enabled once the number is validated). */
export async function lookUp(ui, cpr, caseRef = 'KK-2026-000042') {
  await ui.waitShown('cpr-input', 5000);
  await ui.type('cpr-input', cpr);
  await ui.type('case-ref-input', caseRef);
  await ui.click('case-lookup', 10000);
}

/** Ny sag: back to an empty case form. */
export async function newCase(ui) {
  await ui.click('case-new');
  await ui.waitShown('cpr-input', 5000);
}

/** The photo step's state in one look. */
const photoState = (ui) => ui.look(() => {
  const q = (id) => document.querySelector(`[data-testid="${id}"]`);
  return {
    phase: q('photo-step')?.getAttribute('data-phase') ?? null,
    hint: q('photo-hint')?.getAttribute('data-hint') ?? null,
    drawn: Number(q('photo-preview')?.getAttribute('data-drawn') ?? 0),
    camera: q('photo-camera')?.innerText ?? null,
    failure: q('photo-failure')?.innerText ?? null,
  };
});

/** An audit that checks nothing (the default of `audit` below). */
const noAudit = async () => {};

/**
 * One whole capture from the empty case form: looks CITIZEN up, the replay camera's live preview
 * with guidance, Tag foto, the still checks and the crop, accept (with a reason when the photo
 * fails), the replay pad signs, Send, the queue item reaches accepted at the gateway simulator,
 * and Næste borger back to the empty case form. Needs a fresh data directory (one item today).
 * `audit(where)` is awaited on each screen of the flow once it shows what the test waited for
 * (the demo suite runs axe-core there).
 */
export async function wholeCapture(ui, { audit = noAudit } = {}) {
  await captureAndSend(ui, { audit });
  await waitDelivered(ui, audit);
}

/** The reason `captureAndSend` gives when the photo fails its checks (the clerk's override). */
export const OVERRIDE_REASON = 'E2E: demo-portræt';

/**
 * The first part of `wholeCapture`: from the empty case form to "Optagelsen er gemt" after Send
 * (the capture is in the outbox; whether and when it is sent is up to the caller's checks), for
 * the case reference `caseRef` (lookUp's default when not given). Returns the photo's verdict: `fail` means it was accepted with OVERRIDE_REASON.
 */
export async function captureAndSend(ui, { caseRef, audit = noAudit } = {}) {
  await lookUp(ui, CITIZEN.cpr, caseRef);
  await ui.waitShown('person-name', 10000);
  assert.equal(await ui.text('person-name'), CITIZEN.name);
  await audit('Sag (borger fundet)');
  await ui.click('case-continue');

  // Foto: the replay camera streams JPEG frames over the channel; they are drawn with the oval,
  // and each analysed frame brings live guidance.
  let photo = null;
  await ui.until(async () => {
    photo = await photoState(ui);
    if (photo.phase === 'error') throw new Error(`the camera failed: ${photo.failure}`);
    return photo.phase === 'live' && photo.hint !== null && photo.hint !== '' && photo.drawn >= 10 && photo.camera !== null;
  }, { timeout: 30000, what: 'the live preview (10 frames drawn) with guidance', describe: () => JSON.stringify(photo) });
  assert.match(photo.camera, /Afspillet kamera \(portraet\)/);
  await audit('Foto (live)');

  // Tag foto: with auto-capture off nothing else takes it, so the step stays live until this click.
  await ui.click('photo-take');
  await ui.until(async () => {
    photo = await photoState(ui);
    if (photo.phase === 'error' || (photo.phase === 'live' && photo.failure)) {
      throw new Error(`taking the photo failed: ${photo.failure}`);
    }
    return photo.phase === 'result';
  }, { timeout: 30000, what: 'the checked photo', describe: () => JSON.stringify(photo) });
  const result = await ui.look(() => {
    const q = (id) => document.querySelector(`[data-testid="${id}"]`);
    const checks = q('photo-checks');
    return {
      count: checks?.querySelectorAll('[data-testid="check"]').length ?? 0,
      text: checks?.innerText ?? '',
      verdict: checks?.getAttribute('data-verdict') ?? null,
      failing: [...(checks?.querySelectorAll('[data-testid="check"][data-pass="false"]') ?? [])].map((c) => c.getAttribute('data-check')),
      crop: q('photo-crop') !== null,
      noFace: q('photo-no-face') !== null,
      acceptDisabled: q('photo-accept')?.disabled ?? null,
      announced: q('photo-announce')?.textContent.trim() ?? null,
    };
  });
  console.log(`e2e: photo verdict ${result.verdict}${result.failing.length ? `, failing: ${result.failing.join(', ')}` : ''}`);
  // Every still check is shown (the Rust side pins the list, CHECK_IDS; it grows, so no fixed count here).
  assert.ok(result.count >= 17, `checks shown: ${result.count}`);
  assert.match(result.text, /Kontrol af fotoet/);
  // The result is announced (a status region), not only shown: all passed or how many failed.
  assert.match(result.announced ?? '', result.verdict === 'pass'
    ? new RegExp(`^Alle ${result.count} kontroller er bestået\\.$`)
    : new RegExp(`^${result.failing.length} af ${result.count} kontroller er ikke bestået\\.$`));
  assert.ok(result.crop, `the 35:45 crop is shown (no face found: ${result.noFace})`);
  // With a failing photo the override reason's field is shown: audited with it.
  await audit('Foto (kontrolleret)');
  if (result.verdict === 'fail') {
    assert.equal(result.acceptDisabled, true, 'a failing photo needs a reason first');
    await ui.type('photo-reason', OVERRIDE_REASON);
  }
  await ui.click('photo-accept', 5000);

  // Underskrift: the flow moves on by itself; the replay pad signs.
  await ui.waitShown('signature-pad-name', 10000);
  assert.match(await ui.text('signature-pad-name'), /underskriftsblokken \(Demo-blok/);
  await ui.waitAttr('signature-checks', 'data-verdict', 'pass', 20000);
  assert.match(await ui.look(() => document.querySelector('[data-testid="signature-announce"]')?.textContent ?? ''), /^Alle \d+ kontroller er bestået\.$/);
  const inked = await ui.look(() => {
    const c = document.querySelector('[data-testid="signature-canvas"]');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
  assert.ok(inked > 500, `ink pixels on the canvas: ${inked}`);
  await audit('Underskrift (kontrolleret)');
  // Enabled while no check runs; the click counts only when the enabled button received it.
  await ui.click('signature-accept', 10000);

  // Send: both parts accepted, the capture is saved and the background sender delivers it to the
  // gateway simulator over mutual TLS; the producer (3 s) accepts it.
  await ui.waitShown('send-button', 10000);
  assert.match(await ui.text('send-citizen'), new RegExp(CITIZEN.name));
  await audit('Send');
  await ui.click('send-button', 5000);
  await ui.waitShown('send-done', 10000);
  assert.match(await ui.text('send-done'), /Optagelsen er gemt og bliver sendt/);
  return { verdict: result.verdict };
}

/** The rest of `wholeCapture`: the one queue item reaches accepted, then Næste borger. */
async function waitDelivered(ui, audit = noAudit) {
  // The row, its text and the header are read in the one look that sees the row accepted. The
  // list reloads on the status event that follows the sender's pass, so the header already shows
  // that pass's status when the row does.
  let sent = null;
  await ui.until(async () => {
    sent = await ui.look(() => ({
      items: document.querySelectorAll('[data-testid="queue-item"]').length,
      state: document.querySelector('[data-testid="queue-item"]')?.getAttribute('data-state') ?? null,
      item: document.querySelector('[data-testid="queue-item"]')?.innerText ?? '',
      connection: document.querySelector('[data-testid="header-connection"]')?.innerText ?? '',
      queue: document.querySelector('[data-testid="header-queue"]')?.innerText ?? '',
    }));
    if (sent.state === 'rejected' || sent.state === 'dead') throw new Error(`the capture was not delivered: ${JSON.stringify(sent)}`);
    return sent.state === 'accepted';
  }, { timeout: 40000, what: 'the capture to reach accepted', describe: () => JSON.stringify(sent) });
  assert.equal(sent.items, 1, 'one capture today in this fresh data directory');
  assert.match(sent.item, /Modtaget/);
  assert.match(sent.connection, /Online/);
  assert.match(sent.queue, /Kø: 0/);
  await audit('Send (sendt, dagens optagelser)');
  await ui.click('send-next');
  await ui.waitShown('cpr-input', 5000);
}
