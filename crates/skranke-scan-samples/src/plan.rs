//! Which files a set has: the pages (good cards and each defect, shuffled by the seed) shared out
//! over JPEG, PNG, multi-page TIFF and PDF files, each with a resolution, a JPEG quality and
//! colour or grey. The first files cover every format; a few pages are at 600 dpi.

use crate::rng::Rng;
use crate::truth::{Format, Kind};

/// One file to write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FilePlan {
    /// File name.
    pub name: String,
    /// How it is stored.
    pub format: Format,
    /// JPEG quality (JPEG and PDF).
    pub quality: Option<u8>,
    /// Resolution of its pages.
    pub dpi: f64,
    /// Greyscale.
    pub grey: bool,
    /// Its pages: the page's number in the whole set (its random stream) and kind.
    pub pages: Vec<(u64, Kind)>,
}

/// What to make.
#[derive(Debug, Clone)]
pub(crate) struct PlanInput {
    /// The seed.
    pub seed: u64,
    /// Good cards.
    pub good: usize,
    /// Pages of each defect.
    pub bad_each: usize,
    /// One resolution for every page (tests), instead of the mix.
    pub dpi: Option<f64>,
}

/// Shares the pages out over files.
pub(crate) fn plan(input: &PlanInput) -> Vec<FilePlan> {
    let mut rng = Rng::stream(input.seed, 0);
    let mut kinds: Vec<Kind> = std::iter::repeat_n(Kind::Good, input.good).collect();
    for k in Kind::BAD {
        kinds.extend(std::iter::repeat_n(k, input.bad_each));
    }
    rng.shuffle(&mut kinds);
    let total = kinds.len();
    let max_600 = (total / 25).max(1);
    let mut at_600 = 0;
    let mut files = Vec::new();
    let mut next = 0usize;
    while next < total {
        let index = files.len();
        // The first four files: one of each format; then a random mix, mostly single JPEGs.
        let format = match index {
            0 => Format::Pdf,
            1 => Format::Tiff,
            2 => Format::Jpeg,
            3 => Format::Png,
            _ => match rng.unit() {
                u if u < 0.5 => Format::Jpeg,
                u if u < 0.62 => Format::Png,
                u if u < 0.81 => Format::Tiff,
                _ => Format::Pdf,
            },
        };
        let pages = match (format, index) {
            (Format::Pdf, 0) => 3,
            (Format::Tiff, 1) => 2,
            (Format::Pdf | Format::Tiff, _) => 2 + rng.below(3),
            _ => 1,
        }
        .min(total - next);
        // 600 dpi only for single pages (the set stays quick to make): the first single page
        // from the fifth file on, then now and again.
        let single = pages == 1;
        let want_600 = single && index >= 4 && at_600 < max_600 && (at_600 == 0 || rng.chance(0.06));
        let dpi = match input.dpi {
            Some(d) => d,
            None if want_600 => {
                at_600 += 1;
                600.0
            }
            None if rng.chance(0.35) => 200.0,
            None => 300.0,
        };
        let quality = matches!(format, Format::Jpeg | Format::Pdf).then(|| rng.pick(&[60u8, 80, 95]));
        let grey = rng.chance(0.3);
        let name = format!("scan-{:03}.{}", index + 1, format.extension());
        let pages = (next..next + pages).map(|i| (i as u64 + 1, kinds[i])).collect();
        files.push(FilePlan { name, format, quality, dpi, grey, pages });
        next += files.last().map_or(1, |f: &FilePlan| f.pages.len());
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_planned_once_and_the_formats_come_first() {
        let input = PlanInput { seed: 5, good: 60, bad_each: 2, dpi: None };
        let files = plan(&input);
        let pages: Vec<u64> = files.iter().flat_map(|f| f.pages.iter().map(|p| p.0)).collect();
        assert_eq!(pages, (1..=70).collect::<Vec<u64>>());
        let formats: Vec<Format> = files.iter().take(4).map(|f| f.format).collect();
        assert_eq!(formats, [Format::Pdf, Format::Tiff, Format::Jpeg, Format::Png]);
        let at_600 = files.iter().filter(|f| f.dpi == 600.0).count();
        assert!((1..=2).contains(&at_600), "{at_600} files at 600 dpi");
        assert!(files.iter().all(|f| f.dpi != 600.0 || f.pages.len() == 1));
        for k in Kind::BAD {
            assert_eq!(files.iter().flat_map(|f| &f.pages).filter(|p| p.1 == k).count(), 2);
        }
        assert_eq!(plan(&input), files, "the same seed gives the same plan");
    }

    #[test]
    fn a_tiny_set_fits_in_the_first_files() {
        let files = plan(&PlanInput { seed: 1, good: 3, bad_each: 0, dpi: Some(75.0) });
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].pages.len(), 3);
        assert_eq!(files[0].dpi, 75.0);
    }
}
