import { describe, expect, it } from 'vitest';
import { CODES } from '../generated/codes';
import { CHECK_TEXT, checkTextIn } from './checks';
import { CODE_TEXT } from './codes';
import { STRINGS } from './strings';

describe('translation table', () => {
  it('has Danish and English text for every code', () => {
    for (const code of CODES) {
      expect(CODE_TEXT[code], code).toBeDefined();
      expect(CODE_TEXT[code].da.length, code).toBeGreaterThan(5);
      expect(CODE_TEXT[code].en.length, code).toBeGreaterThan(5);
      expect(CODE_TEXT[code].da, code).not.toEqual(CODE_TEXT[code].en);
    }
    expect(Object.keys(CODE_TEXT).sort()).toEqual([...CODES].sort());
  });

  it('has the same UI string keys in both languages, none empty', () => {
    expect(Object.keys(STRINGS.en).sort()).toEqual(Object.keys(STRINGS.da).sort());
    for (const v of [...Object.values(STRINGS.da), ...Object.values(STRINGS.en)]) expect(v.trim()).not.toBe('');
  });

  it('has the same check text keys in both catalogues (assets/i18n), none empty, same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(CHECK_TEXT.en).sort()).toEqual(Object.keys(CHECK_TEXT.da).sort());
    expect(Object.keys(CHECK_TEXT.da).length).toBeGreaterThan(30);
    for (const key of Object.keys(CHECK_TEXT.da)) {
      expect(CHECK_TEXT.da[key].trim(), key).not.toBe('');
      expect(CHECK_TEXT.en[key].trim(), key).not.toBe('');
      expect(placeholders(CHECK_TEXT.en[key]), key).toEqual(placeholders(CHECK_TEXT.da[key]));
    }
  });

  it('puts a check in words from its key in the chosen language', () => {
    const check = { key: 'signature.duration.fail', message: 'gemt tekst' };
    expect(checkTextIn('da', check)).toBe(CHECK_TEXT.da['signature.duration.fail']);
    expect(checkTextIn('en', check)).toBe('The signature was written too fast. Ask the citizen to write their usual signature.');
    expect(checkTextIn('en', { key: '', message: 'Gammel rapport.' })).toBe('Gammel rapport.');
  });
});
