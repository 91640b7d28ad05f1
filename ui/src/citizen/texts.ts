// The citizen window's words: large, plain Danish for the person at the counter (not the clerk's
// wording in lib/i18n). One table for the live guidance codes; a code without text fails type-check.
import type { GuidanceHint } from '../lib/backend';

/** What the citizen should do, for each live guidance code. */
export const CITIZEN_HINTS: Record<GuidanceHint, string> = {
  no_face: 'Sæt dig foran kameraet',
  one_face_only: 'Kun du må være på billedet',
  too_dark: 'Et øjeblik – lyset bliver justeret',
  too_bright: 'Et øjeblik – lyset bliver justeret',
  center_face: 'Flyt dig, så dit ansigt er i ovalen',
  move_closer: 'Kom lidt tættere på',
  move_back: 'Ryk lidt tilbage',
  look_straight: 'Kig ind i kameraet',
  hold_still: 'Sid helt stille',
  ok: 'Perfekt – sid stille og luk munden',
};

/** Before the first analysed frame. */
export const HINT_WAITING = 'Kig ind i kameraet';

export const TEXT = {
  welcome: 'Velkommen',
  welcomeLead: 'Sagsbehandleren hjælper dig om et øjeblik.',
  photoHeading: 'Vi tager dit foto',
  photoLead: 'Kig ind i kameraet, luk munden og hold hovedet lige.',
  photoTaken: 'Dit foto er taget',
  photoTakenLead: 'Sagsbehandleren ser det igennem.',
  signing: 'Skriv din underskrift på blokken',
  signingLead: 'Skriv, som du plejer. Din underskrift kommer på kørekortet.',
  signed: 'Tak for din underskrift',
  previewLabel: 'Kameraets billede af dig',
  photoAlt: 'Dit foto',
  signatureLabel: 'Din underskrift',
} as const;

/** The citizen's words for a guidance code (null: nothing analysed yet). */
export function citizenHint(hint: GuidanceHint | null): string {
  return hint === null ? HINT_WAITING : CITIZEN_HINTS[hint];
}
