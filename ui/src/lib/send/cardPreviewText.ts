// The card preview's words (Send step, issue 18.5), Danish first. Kept beside the component: the
// preview is the only user of them.
import { i18n, type Lang } from '../i18n/index.svelte';

export const CARD_TEXT = {
  da: {
    title: 'Sådan ser det ud på kortet',
    intro: 'Fotoet og underskriften i den størrelse og opløsning, de får på kørekortet ({dpi} dpi). Tjek at underskriften kan læses, og at fotoet ikke er for mørkt.',
    full: 'Fuld størrelse',
    onCard: 'På kortet ({w} × {h} mm)',
    photo: 'Foto',
    signature: 'Underskrift',
    zoomIn: 'Forstør kortudsnittet',
    zoomOut: 'Vis kortudsnittet i rigtig størrelse',
    tooThin: 'Underskriften bliver for tynd på kortet: stregerne bliver typisk {typical} mm brede, og de skal være mindst {min} mm for at stå tydeligt. Overvej at lade borgeren skrive igen med et fastere tryk på pennen.',
    loading: 'Henter forhåndsvisning …',
  },
  en: {
    title: 'How it looks on the card',
    intro: 'The photo and signature at the size and resolution they get on the licence ({dpi} dpi). Check that the signature is legible and the photo not too dark.',
    full: 'Full size',
    onCard: 'On the card ({w} × {h} mm)',
    photo: 'Photo',
    signature: 'Signature',
    zoomIn: 'Enlarge the card view',
    zoomOut: 'Show the card view at real size',
    tooThin: 'The signature gets too thin on the card: its strokes are typically {typical} mm wide, and they need at least {min} mm to print clearly. Consider letting the citizen sign again, pressing the pen more firmly.',
    loading: 'Loading preview …',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type CardTextKey = keyof (typeof CARD_TEXT)['da'];

/** A length in mm with two decimals, in the language's number format (0,12 in Danish). */
export function mm(value: number, lang: Lang = i18n.lang): string {
  return new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(value);
}

/** The text for `key` in the current language, `{name}` placeholders filled. */
export function cardText(key: CardTextKey, vars: Record<string, string | number> = {}): string {
  let s: string = CARD_TEXT[i18n.lang][key];
  for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}
