// The line under a taken photo saying which preview frame was checked: "Tag foto" takes the best
// frame of the last seconds (eyes open, frontal, sharp), which may be from before the press.
// Texts: assets/i18n/{da,en}.json, keys best_frame.*.
import type { PhotoCheckView } from '../backend';
import { checkTextIn } from '../i18n/checks';
import type { Lang } from '../i18n/strings';

/** What a capture reports about the frame it took (absent for an image file). */
export type ChosenFrame = NonNullable<PhotoCheckView['chosenFrame']>;

/** The chosen frame in words: how long before the press, with one decimal in the language's
 *  way ("0,4 s" / "0.4 s"), or that it is the frame at the press. */
export function chosenFrameText(lang: Lang, chosen: ChosenFrame): string {
  if (chosen.msBeforePress <= 0) {
    return checkTextIn(lang, { key: 'best_frame.at_press', message: '' });
  }
  const seconds = (chosen.msBeforePress / 1000).toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  return checkTextIn(lang, { key: 'best_frame.before_press', params: { seconds }, message: '' });
}
