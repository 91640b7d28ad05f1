// The current language (persisted) and the lookup functions for strings and codes.
import type { Code } from '../generated/codes';
import { checkTextIn, type CheckWords } from './checks';
import { CODE_TEXT } from './codes';
import { STRINGS, type Lang, type StringKey } from './strings';

export { CHECK_TEXT, checkTextIn, type CheckWords } from './checks';
export { CODE_TEXT } from './codes';
export { STRINGS, type Lang, type StringKey } from './strings';

const KEY = 'skranke.lang';
function initial(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'da';
  } catch {
    return 'da';
  }
}

export const i18n = $state({ lang: initial() as Lang });

export function setLang(lang: Lang) {
  i18n.lang = lang;
  try { localStorage.setItem(KEY, lang); } catch { /* private mode: not persisted */ }
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  let s: string = STRINGS[i18n.lang][key];
  for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}

export function codeText(code: Code): string {
  return CODE_TEXT[code][i18n.lang];
}

/** A check's text for the clerk in the current language (assets/i18n catalogues). */
export function checkText(check: CheckWords): string {
  return checkTextIn(i18n.lang, check);
}
