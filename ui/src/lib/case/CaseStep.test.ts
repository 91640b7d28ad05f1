import { afterEach, describe, expect, it } from 'vitest';
import { mount, unmount } from 'svelte';
import { settle, q, qa } from '../../test/helpers';
import App from '../../App.svelte';
import { BackendError, MockBackend } from '../backend';
import { CODE_TEXT } from '../i18n/index.svelte';
import { formatCprInput } from './format';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

async function start(setup: (b: MockBackend) => void = () => {}) {
  const backend = new MockBackend();
  setup(backend);
  app = mount(App, { target: document.body, props: { backend } });
  await settle();
  q('signin-clerk')!.click();
  await settle();
  return backend;
}

async function type(id: string, value: string) {
  const el = q(id) as HTMLInputElement;
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
  el.dispatchEvent(new Event('blur'));
  await settle();
}

async function lookUp(cpr: string, caseRef = 'KK-2026-000001') {
  await type('cpr-input', cpr);
  await type('case-ref-input', caseRef);
  q('case-lookup')!.click();
  await settle();
}

describe('CPR field', () => {
  it('formats digits live as DDMMYY-SSSS', () => {
    expect(formatCprInput('0101901234')).toBe('010190-1234');
    expect(formatCprInput('010190')).toBe('010190');
    expect(formatCprInput('0101 90 12')).toBe('010190-12');
    expect(formatCprInput('01019x')).toBe('01019x');
  });

  it('shows the formatted number and a Danish message for bad input', async () => {
    await start();
    await type('cpr-input', '0101901234');
    expect((q('cpr-input') as HTMLInputElement).value).toBe('010190-1234');
    expect(q('cpr-valid')!.textContent).toContain('Kvinde');
    await type('cpr-input', '01019a');
    expect(q('cpr-error')!.textContent).toBe('CPR-nummeret må kun indeholde tal og én bindestreg.');
    await type('cpr-input', '3202901234');
    expect(q('cpr-error')!.textContent).toBe('De første seks cifre er ikke en gyldig dato.');
    expect((q('case-lookup') as HTMLButtonElement).disabled).toBe(true);
  });

  it('checks the case reference against the configured format', async () => {
    await start();
    await type('cpr-input', '0101901234');
    await type('case-ref-input', 'x');
    expect(q('case-ref-error')!.textContent).toBe('Sagsnummeret har ikke det forventede format.');
    expect((q('case-lookup') as HTMLButtonElement).disabled).toBe(true);
    await type('case-ref-input', 'KK-2026-000001');
    expect(q('case-ref-error')).toBeNull();
    expect((q('case-lookup') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('lookup rules', () => {
  it('an active person: card with name, address, age and sex; continue to photo', async () => {
    await start();
    await lookUp('010190-1234');
    expect(q('person-name')!.textContent).toBe('Anne Demo Hansen');
    expect(q('person-address')!.textContent).toContain('Demovej 1');
    expect(q('person-age')!.textContent).toContain('36 år');
    expect(q('person-sex')!.textContent).toBe('Kvinde');
    expect(q('case-blocked')).toBeNull();
    q('case-continue')!.click();
    await settle();
    expect(q('step-photo')!.getAttribute('aria-current')).toBe('step');
  });

  it('dead: blocked, no way on', async () => {
    await start();
    await lookUp('020280-1235');
    expect(q('case-blocked')!.dataset.code).toBe('cpr_person_dead');
    expect(q('case-blocked')!.textContent).toContain('registreret som død');
    expect(q('case-continue')).toBeNull();
    q('step-photo')!.click();
    await settle();
    expect(q('step-blocked')).not.toBeNull();
  });

  it('emigrated: blocked with a message to call a supervisor', async () => {
    await start();
    await lookUp('030370-1236');
    expect(q('case-blocked')!.dataset.code).toBe('cpr_person_inactive');
    expect(q('case-blocked')!.textContent).toContain('supervisor');
    expect(q('case-continue')).toBeNull();
  });

  it('number changed: continues with the current number and a visible notice', async () => {
    await start();
    await lookUp('040460-1237');
    expect(q('person-cpr')!.textContent).toBe('040460-1238');
    expect(q('person-previous-cpr')!.textContent).toBe('040460-1237');
    expect(qa('case-notice').map((n) => n.dataset.code)).toContain('cpr_number_changed');
    expect(q('case-continue')).not.toBeNull();
  });

  it('no residence: a notice, and the card says so', async () => {
    await start();
    await lookUp('050550-1239');
    expect(qa('case-notice').map((n) => n.dataset.code)).toContain('cpr_no_residence');
    expect(q('person-address')!.textContent).toContain('Ingen registreret bopæl');
  });

  it('protected address: the address is never shown', async () => {
    const backend = await start((b) => {
      // Even if a backend sent an address by mistake, the card must not show it.
      b.register['0606401240'].person.address = 'Hemmelig Allé 7';
    });
    await lookUp('060640-1240');
    expect(q('person-address')!.textContent).toContain('Beskyttet adresse');
    expect(document.body.textContent).not.toContain('Hemmelig');
    expect(qa('case-notice').map((n) => n.dataset.code)).toContain('cpr_protected_address');
    expect(backend.openCase?.protectedAddress).toBe(true);
  });

  it('guardianship: a notice, the case goes on', async () => {
    await start();
    await lookUp('070730-1241');
    expect(qa('case-notice').map((n) => n.dataset.code)).toContain('cpr_guardianship');
    expect(q('case-continue')).not.toBeNull();
  });

  it('unknown person: a clear error, nothing opened', async () => {
    const backend = await start();
    await lookUp('111111-1118');
    expect(q('case-failure')!.dataset.code).toBe('cpr_not_found');
    expect(backend.openCase).toBeNull();
  });

  it('CPR service down: may continue marked "CPR ikke verificeret"', async () => {
    const backend = await start((b) => (b.cprDown = 'cpr_service_unavailable'));
    await lookUp('010190-1234');
    expect(q('case-failure')!.textContent).toContain('kan ikke nås');
    q('case-continue-unverified')!.click();
    await settle();
    expect(q('case-unverified')!.textContent).toContain('CPR ikke verificeret');
    expect(backend.lookups.at(-1)?.allowUnverified).toBe(true);
    expect(backend.openCase?.cprVerified).toBe(false);
    expect(q('case-continue')).not.toBeNull();
  });

  it('new case clears the form and closes the case', async () => {
    const backend = await start();
    await lookUp('010190-1234');
    q('case-new')!.click();
    await settle();
    expect(backend.openCase).toBeNull();
    expect((q('cpr-input') as HTMLInputElement).value).toBe('');
  });

  it('outbox over its cap: the Danish message of outbox_over_cap, nothing opened, no way around it', async () => {
    const backend = await start((b) => {
      b.caseOpen = async () => {
        throw new BackendError('case_open', 'outbox_over_cap', 'the outbox is over its cap');
      };
    });
    await lookUp('010190-1234');
    expect(q('case-failure')!.dataset.code).toBe('outbox_over_cap');
    expect(q('case-failure')!.textContent).toContain(CODE_TEXT.outbox_over_cap.da);
    expect(q('case-failure')!.textContent).toContain('Nye sager kan ikke oprettes, før køen er sendt');
    expect(q('case-continue-unverified')).toBeNull();
    expect(backend.openCase).toBeNull();
  });
});
