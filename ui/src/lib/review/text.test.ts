import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../i18n/index.svelte';
import { reasonText } from './text';

describe('reasonText', () => {
  afterEach(() => setLang('da'));

  it('gives one of our codes its message', () => {
    expect(reasonText('cpr_person_dead')).toMatch(/registreret som død/);
  });

  it("gives the gateway contract's reason codes plain Danish and English", () => {
    expect(reasonText('content_digest_mismatch')).toBe('Pakken blev ændret undervejs (kontrolsummen passer ikke)');
    expect(reasonText('producer_photo_unusable')).toBe('Producenten kan ikke bruge fotoet');
    setLang('en');
    expect(reasonText('idempotency_key_reused')).toBe('The capture id was used for another bundle');
  });

  it('shows a code nobody documented as it came', () => {
    expect(reasonText('producer_something_new')).toBe('producer_something_new');
  });
});
