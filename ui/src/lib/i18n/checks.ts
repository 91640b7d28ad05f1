// The check texts (photo, live and signature checks), one catalogue per language, shared with the
// Rust side: assets/i18n/da.json and en.json (flat key -> text, `{name}` placeholders). A check
// carries its `key` (and `params`); `message` is the Danish text, kept for bundles and old reports.
import da from '../../../../assets/i18n/da.json';
import en from '../../../../assets/i18n/en.json';
import type { Lang } from './strings';

export const CHECK_TEXT: Record<Lang, Record<string, string>> = { da, en };

/** What a check needs to be put in words. */
export interface CheckWords {
  key: string;
  params?: { [name in string]?: string };
  message: string;
}

/** The check's text in `lang`: the catalogue's text for its key with the parameters filled in,
 *  else the Danish one, else the stored `message` (a report without a key). */
export function checkTextIn(lang: Lang, check: CheckWords): string {
  const text = CHECK_TEXT[lang][check.key] ?? CHECK_TEXT.da[check.key];
  if (text === undefined) return check.message;
  let out = text;
  for (const [name, value] of Object.entries(check.params ?? {})) out = out.replaceAll(`{${name}}`, String(value ?? ''));
  return out;
}
