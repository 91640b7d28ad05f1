import { afterEach, describe, expect, it } from 'vitest';
import { CODE_TEXT, setLang } from '../i18n/index.svelte';
import { SCAN_STRINGS, scanCodeInfo, st } from '../i18n/scan';

afterEach(() => setLang('da'));

describe('the Scanning view\'s words', () => {
  it('has the same keys in Danish and English, none empty, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(SCAN_STRINGS.en).sort()).toEqual(Object.keys(SCAN_STRINGS.da).sort());
    for (const [key, da] of Object.entries(SCAN_STRINGS.da)) {
      const en = SCAN_STRINGS.en[key as keyof typeof SCAN_STRINGS.en];
      expect(da.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(placeholders(en), key).toEqual(placeholders(da));
    }
  });

  it('speaks the chosen language and fills in placeholders', () => {
    expect(st('pageOf', { page: 2, name: 'kort.pdf' })).toBe('Side 2 af kort.pdf');
    setLang('en');
    expect(st('pageOf', { page: 2, name: 'kort.pdf' })).toBe('Page 2 of kort.pdf');
  });

  it('says a code through the code table, and an unknown one as internal', () => {
    expect(scanCodeInfo('no_open_case')).toEqual({ text: CODE_TEXT.no_open_case.da, severity: 'warning' });
    expect(scanCodeInfo('scan_from_a_newer_backend')).toEqual({ text: CODE_TEXT.internal.da, severity: 'error' });
  });
});
