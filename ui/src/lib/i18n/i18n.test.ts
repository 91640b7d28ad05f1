import { describe, expect, it } from 'vitest';
import { CODES } from '../generated/codes';
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
});
