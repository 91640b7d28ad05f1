import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount, unmount } from 'svelte';
import { settle, q } from '../../test/helpers';
import PhotoStep from './PhotoStep.svelte';
import { MockBackend, type CameraEvent, type GuidanceHint, type Oval } from '../backend';
import { ovalRect } from './oval';
import { splitFrame } from './frame';
import { chosenFrameText } from './chosenFrame';

let comp: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (comp) unmount(comp);
  comp = null;
  document.body.innerHTML = '';
});

const oval: Oval = { cx: 0.5, cy: 0.45, headHeight: 0.55, tolerance: 0.06 };
const guidance = (hint: GuidanceHint, allPass = false, autoCapture = false): CameraEvent => ({
  kind: 'guidance', seq: 1, hint, checks: [], allPass, autoCapture, oval, fps: 29.6,
});

async function start(setup: (b: MockBackend) => void = () => {}, photoAccepted = false) {
  const backend = new MockBackend();
  await backend.signIn('clerk');
  await backend.caseOpen({ cpr: '0101901234', caseRef: 'KK-2026-000001', allowUnverified: false });
  setup(backend);
  const onAccepted = vi.fn();
  comp = mount(PhotoStep, { target: document.body, props: { backend, photoAccepted, onAccepted } });
  await settle();
  return { backend, onAccepted };
}

describe('PhotoStep', () => {
  it('starts the camera, shows the guidance in Danish and the measured fps', async () => {
    const { backend } = await start((b) => (b.cameraEvents = [guidance('move_closer')]));
    expect(backend.cameraRunning).toBe(1);
    expect(q('photo-step')!.dataset.phase).toBe('live');
    expect(q('photo-hint')!.textContent!.trim()).toBe('Ryk tættere på');
    expect(q('photo-fps')!.textContent).toContain('30 billeder/s');
    expect(q('photo-preview')!.dataset.frames).toBe('1');
    expect((q('photo-take') as HTMLButtonElement).disabled).toBe(false);
  });

  it('takes the photo automatically once, when the live checks have held', async () => {
    const { backend } = await start((b) => (b.cameraEvents = [guidance('ok', true, true), guidance('ok', true, true)]));
    expect(backend.captures).toBe(1);
    expect(q('photo-step')!.dataset.phase).toBe('result');
    expect(backend.cameraRunning).toBe(0);
    expect(q('photo-checks')!.dataset.verdict).toBe('pass');
    expect(q('photo-crop')).not.toBeNull();
    // The result is read out (a status region that was in the page all along) and written above the list.
    expect(q('photo-announce')!.getAttribute('role')).toBe('status');
    expect(q('photo-announce')!.textContent!.trim()).toBe('Alle 5 kontroller er bestået.');
    expect(q('photo-checks-summary')!.textContent).toBe('Alle 5 kontroller er bestået.');
  });

  it('a passing photo is accepted without a reason', async () => {
    const { backend, onAccepted } = await start();
    q('photo-take')!.click();
    await settle();
    q('photo-accept')!.click();
    await settle();
    expect(backend.photoAccepts).toEqual([null]);
    expect(onAccepted).toHaveBeenCalledOnce();
    expect(q('photo-accepted')).not.toBeNull();
  });

  it('a failing photo needs a written reason before it can be accepted', async () => {
    const { backend, onAccepted } = await start((b) => (b.photoFailing = ['sharpness']));
    q('photo-take')!.click();
    await settle();
    const accept = q('photo-accept') as HTMLButtonElement;
    expect(accept.disabled).toBe(true);
    expect(accept.textContent).toContain('Godkend foto med begrundelse');
    expect(q('photo-reason-needed')).not.toBeNull();
    expect(q('photo-checks')!.querySelector('[data-check="sharpness"]')!.getAttribute('data-pass')).toBe('false');
    expect(q('photo-announce')!.textContent!.trim()).toBe('1 af 5 kontroller er ikke bestået.');
    // Not by colour alone: the failed check carries its icon and a word for screen readers.
    expect(q('photo-checks')!.querySelector('[data-check="sharpness"]')!.textContent).toContain('Ikke bestået:');
    const reason = q('photo-reason') as HTMLTextAreaElement;
    expect(reason.maxLength).toBe(500);
    reason.value = '   ';
    reason.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    expect(accept.disabled).toBe(true);
    reason.value = 'Borgeren har et medicinsk plaster';
    reason.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    expect(accept.disabled).toBe(false);
    accept.click();
    await settle();
    expect(backend.photoAccepts).toEqual(['Borgeren har et medicinsk plaster']);
    expect(onAccepted).toHaveBeenCalledOnce();
  });

  it('offers the religious-covering reason in one press when only the head covering fails', async () => {
    const { backend } = await start((b) => (b.photoFailing = ['head_covering']));
    q('photo-take')!.click();
    await settle();
    expect(q('photo-checks')!.querySelector('[data-check="head_covering"]')!.getAttribute('data-pass')).toBe('false');
    const offer = q('photo-reason-religious')!;
    expect(offer.textContent).toContain('religiøs hovedbeklædning');
    offer.click();
    await settle();
    expect((q('photo-reason') as HTMLTextAreaElement).value).toBe('religiøs hovedbeklædning');
    q('photo-accept')!.click();
    await settle();
    expect(backend.photoAccepts).toEqual(['religiøs hovedbeklædning']);
  });

  it('does not offer the religious-covering reason for other failed checks', async () => {
    await start((b) => (b.photoFailing = ['sharpness']));
    q('photo-take')!.click();
    await settle();
    expect(q('photo-reason')).not.toBeNull();
    expect(q('photo-reason-religious')).toBeNull();
  });

  it('says which preview frame was checked, and retake still works', async () => {
    const { backend } = await start((b) => {
      const taken = b.photoCapture.bind(b);
      b.photoCapture = async () => ({
        ...(await taken()),
        chosenFrame: { seq: 48, pressSeq: 60, msBeforePress: 400, rank: { eyesOpen: true, frontal: true, sharp: true } },
      });
    });
    q('photo-take')!.click();
    await settle();
    const line = q('photo-chosen-frame')!;
    expect(line.textContent!.trim()).toBe('Valgt billede: 0,4 s før tryk.');
    expect(line.dataset.seq).toBe('48');
    q('photo-retake')!.click();
    await settle();
    expect(q('photo-step')!.dataset.phase).toBe('live');
    expect(q('photo-chosen-frame')).toBeNull();
    expect(backend.cameraRunning).toBe(1);
  });

  it('no chosen-frame line for a result without one', async () => {
    await start();
    q('photo-take')!.click();
    await settle();
    expect(q('photo-step')!.dataset.phase).toBe('result');
    expect(q('photo-chosen-frame')).toBeNull();
  });

  it('the chosen frame in words, in both languages', () => {
    const chosen = (msBeforePress: number) => ({ seq: 1, pressSeq: 9, msBeforePress, rank: null });
    expect(chosenFrameText('da', chosen(400))).toBe('Valgt billede: 0,4 s før tryk.');
    expect(chosenFrameText('en', chosen(400))).toBe('Chosen frame: 0.4 s before the press.');
    expect(chosenFrameText('da', chosen(1260))).toBe('Valgt billede: 1,3 s før tryk.');
    expect(chosenFrameText('da', chosen(0))).toBe('Valgt billede: billedet ved tryk.');
    expect(chosenFrameText('en', chosen(0))).toBe('Chosen frame: the one at the press.');
  });

  it('retake drops the photo and restarts the preview', async () => {
    const { backend } = await start();
    q('photo-take')!.click();
    await settle();
    expect(backend.cameraRunning).toBe(0);
    q('photo-retake')!.click();
    await settle();
    expect(backend.cameraRunning).toBe(1);
    expect(q('photo-step')!.dataset.phase).toBe('live');
  });

  it('a camera lost mid-preview is a clear error with Prøv igen', async () => {
    const { backend } = await start((b) => (b.cameraEvents = [guidance('ok'), { kind: 'lost', code: 'camera_disconnected' }]));
    expect(q('photo-step')!.dataset.phase).toBe('error');
    expect(q('photo-failure')!.dataset.code).toBe('camera_disconnected');
    expect(q('photo-failure')!.textContent).toContain('Kameraet blev koblet fra');
    expect(backend.cameraRunning).toBe(0);
    backend.cameraEvents = [];
    q('photo-retry')!.click();
    await settle();
    expect(q('photo-step')!.dataset.phase).toBe('live');
    expect(backend.cameraRunning).toBe(1);
  });

  it('no camera is a clear error, and an accepted photo is shown as such', async () => {
    await start((b) => (b.cameraError = 'camera_not_found'));
    expect(q('photo-failure')!.textContent).toContain('Der er ikke tilsluttet noget kamera');
    unmount(comp!);
    comp = null;
    const { backend } = await start(() => {}, true);
    expect(q('photo-accepted')).not.toBeNull();
    expect(backend.cameraRunning).toBe(0);
  });

  it('the clerk can choose another camera, also after an error, and the preview restarts', async () => {
    const { backend } = await start((b) => (b.cameraError = 'camera_not_found'));
    const select = q('photo-camera-choice') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Automatisk', 'Demokamera']);
    backend.cameraError = null;
    select.value = 'replay:demo';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(backend.cameras.find((c) => c.selected)!.source).toBe('replay:demo');
    expect(q('photo-step')!.dataset.phase).toBe('live');
    expect(backend.cameraRunning).toBe(1);
  });

  it('stops the camera when the step is left', async () => {
    const { backend } = await start();
    expect(backend.cameraRunning).toBe(1);
    unmount(comp!);
    comp = null;
    expect(backend.cameraRunning).toBe(0);
  });

  it('a frame message is split into capture time and JPEG', () => {
    const buf = new ArrayBuffer(12);
    new DataView(buf).setFloat64(0, 1764000000123, true);
    new Uint8Array(buf, 8).set([0xff, 0xd8, 0xff, 0xd9]);
    const f = splitFrame(buf)!;
    expect(f.capturedAt).toBe(1764000000123);
    expect([...f.jpeg]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    expect(splitFrame(new ArrayBuffer(8))).toBeNull();
  });

  it('the oval is as tall as the head it stands for, centred where the guidance says', () => {
    const r = ovalRect(oval, 1280, 720);
    expect(r.x).toBe(640);
    expect(r.y).toBeCloseTo(324);
    expect(r.ry * 2).toBeCloseTo(396);
    expect(r.rx).toBeCloseTo(r.ry * 0.75);
  });
});
