//! Which way up the card lies. The rectangle leaves two candidates (a half turn apart); the
//! face detector runs on the card cut both ways, and the candidate whose photo box holds a face
//! wins (the photo is on the left when upright). A face is counted whichever way it is upright
//! in, so a photo glued upside down still marks where the photo is. A card without a face falls
//! back to the layout's ink: the dark share of the photo box and the signature field.

use image::imageops;
use skranke_photo::Models;

use super::frame::{CardFrame, corners_mm, grow, turn_rect};
use super::grey::{Gradient, Grey};
use super::warp::{supersampling, warp_grey, warp_rgb};
use crate::{RectMm, ScanError, StamkortLayout};

/// Resolution of the card cut for the face detector (its tiles see a 35x45 mm photo's face at
/// about a third of their side).
const FACE_DPI: f64 = 80.0;
/// How far from its box a glued photo's face may be, mm.
const PHOTO_SLACK_MM: f64 = 6.0;
/// The detector's score for a face (the photo checks' default).
pub(crate) const MIN_FACE_SCORE: f64 = 0.5;

/// A face on the card, in the upright card's millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CardFace {
    pub center: [f64; 2],
    pub width: f64,
    pub score: f64,
    /// The face is upright on the candidate turned half a turn (else on the candidate).
    pub upright_turned: bool,
}

/// The orientation decided, and the faces on the card.
#[derive(Debug, Clone)]
pub(crate) struct Orientation {
    /// The candidate turned half a turn is upright.
    pub turned: bool,
    /// Distinct faces on the card (either way up), in the upright card's millimetres.
    pub faces: Vec<CardFace>,
}

/// Decides between the candidate `frame` (working copy's pixels) and its half turn.
pub(crate) fn decide(
    rgb: &image::RgbImage,
    grey: &Grey,
    dpi: f64,
    frame: &CardFrame,
    layout: &StamkortLayout,
    models: &Models,
) -> Result<Orientation, ScanError> {
    let size = frame.size_mm;
    let card = RectMm { x: 0.0, y: 0.0, width: size[0], height: size[1] };
    let region = frame.region(card, FACE_DPI / 25.4);
    let k = supersampling(dpi / FACE_DPI);
    let cut = warp_rgb(rgb, &region.to_image, region.width as u32, region.height as u32, k);
    let mut faces: Vec<CardFace> = Vec::new();
    for f in tile_faces(&cut, models)? {
        let face = CardFace { center: region.mm_of(f.center), width: f.width / region.px_per_mm, ..f };
        add_distinct(&mut faces, face);
    }
    // A face upright in the photo box of its own way up decides; then a face in either box
    // whichever way up (a photo glued upside down still marks the box).
    let photo = grow(layout.photo, PHOTO_SLACK_MM);
    let photo_turned = turn_rect(photo, size);
    let evidence = |r: RectMm, way: Option<bool>| {
        faces
            .iter()
            .filter(|f| inside(f.center, r) && way.is_none_or(|t| f.upright_turned == t))
            .map(|f| f.score)
            .sum::<f64>()
    };
    let (upright, turned) = (evidence(photo, Some(false)), evidence(photo_turned, Some(true)));
    let (upright_any, turned_any) = (evidence(photo, None), evidence(photo_turned, None));
    let turned = if upright != turned {
        turned > upright
    } else if upright_any != turned_any {
        turned_any > upright_any
    } else if !faces.is_empty() {
        // Faces but none in either photo box: the photo is on the left when upright.
        let left = faces.iter().filter(|f| f.center[0] < size[0] / 2.0).count();
        2 * left < faces.len()
    } else {
        let region = frame.region(card, dpi / 25.4);
        let g = warp_grey(grey, &region.to_image, region.width, region.height, 1);
        let grad = Gradient::of(&g);
        let boxes = [layout.photo, layout.signature];
        let up = outline_share(&grad, region.px_per_mm, &boxes);
        let down = outline_share(&grad, region.px_per_mm, &boxes.map(|b| turn_rect(b, size)));
        if (up - down).abs() > 0.1 {
            down > up
        } else {
            let ink = |g: &Grey| dark_share(g, region.px_per_mm, layout.signature);
            ink(&g.rotated_180()) > ink(&g)
        }
    };
    let faces = if turned {
        let turn = |f: &CardFace| CardFace {
            center: [size[0] - f.center[0], size[1] - f.center[1]],
            upright_turned: !f.upright_turned,
            ..*f
        };
        faces.iter().map(turn).collect()
    } else {
        faces
    };
    Ok(Orientation { turned, faces })
}

/// Faces on the card cut, each way up, in the cut's pixels. The detector sees square tiles: two along the card's long side, which
/// overlap by more than a photo's width, so every photo lies wholly in one (a face cut by a
/// tile's inner edge is left to the other tile).
fn tile_faces(cut: &image::RgbImage, models: &Models) -> Result<Vec<CardFace>, ScanError> {
    let (w, h) = cut.dimensions();
    let side = w.min(h);
    let long = w.max(h);
    let starts = if long > side { vec![0, long - side] } else { vec![0] };
    let mut out = Vec::new();
    for &at in &starts {
        let (x0, y0) = if w >= h { (at, 0) } else { (0, at) };
        let tile = imageops::crop_imm(cut, x0, y0, side, side).to_image();
        for turned in [false, true] {
            let img = if turned { imageops::rotate180(&tile) } else { tile.clone() };
            for f in models.detect(&img, MIN_FACE_SCORE).map_err(|e| ScanError::FaceModel(e.to_string()))? {
                let s = side as f64;
                let (x, y) = if turned { (s - f.center.x, s - f.center.y) } else { (f.center.x, f.center.y) };
                let (along, half) = if w >= h { (x, f.width / 2.0) } else { (y, f.height / 2.0) };
                let margin = 0.02 * s;
                let cut_low = at > 0 && along - half < margin;
                let cut_high = at + side < long && along + half > s - margin;
                if !(cut_low || cut_high) {
                    let center = [x + x0 as f64, y + y0 as f64];
                    out.push(CardFace { center, width: f.width, score: f.score, upright_turned: turned });
                }
            }
        }
    }
    Ok(out)
}

/// Adds `face` unless it is one already seen (the other cut, or a neighbouring tile).
fn add_distinct(faces: &mut Vec<CardFace>, face: CardFace) {
    let same = |f: &CardFace| {
        (f.center[0] - face.center[0]).hypot(f.center[1] - face.center[1]) < 0.5 * f.width.max(face.width)
    };
    match faces.iter_mut().find(|f| same(f)) {
        Some(f) if face.score > f.score => *f = face,
        Some(_) => {}
        None => faces.push(face),
    }
}

fn inside(p: [f64; 2], r: RectMm) -> bool {
    p[0] >= r.x && p[0] <= r.x + r.width && p[1] >= r.y && p[1] <= r.y + r.height
}

/// The share of points along the outlines of `boxes` (card mm; every mm of each side's middle
/// 80 %) with an edge across the side within 1 mm: how well the form's printed boxes sit where
/// the layout puts them.
fn outline_share(grad: &Gradient, px_per_mm: f64, boxes: &[RectMm]) -> f64 {
    let thr = super::card::edge_threshold(grad);
    let (mut hits, mut total) = (0usize, 0usize);
    for r in boxes {
        let [tl, tr, br, bl] = corners_mm(*r).map(|p| [p[0] * px_per_mm, p[1] * px_per_mm]);
        for (a, b, normal) in [(tl, tr, [0.0, 1.0]), (bl, br, [0.0, 1.0]), (tl, bl, [1.0, 0.0]), (tr, br, [1.0, 0.0])] {
            let len = (b[0] - a[0]).hypot(b[1] - a[1]) / px_per_mm;
            let n = (0.8 * len) as usize;
            for i in 0..n {
                let t = 0.1 + 0.8 * i as f64 / n.max(1) as f64;
                let p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
                let reach = (2.0 * px_per_mm) as i32; // ±1 mm in half pixels
                let hit = (-reach..=reach).any(|k| {
                    let d = k as f64 * 0.5;
                    grad.along(p[0] + d * normal[0], p[1] + d * normal[1], normal) > thr
                });
                hits += hit as usize;
                total += 1;
            }
        }
    }
    if total == 0 { 0.0 } else { hits as f64 / total as f64 }
}

/// The share of `r` (card mm) darker than the card's paper by a pen's or a photo's contrast.
fn dark_share(g: &Grey, px_per_mm: f64, r: RectMm) -> f64 {
    let paper = g.quantile(0.8);
    let limit = paper - (0.25 * paper).max(40.0);
    let (x0, y0) = ((r.x * px_per_mm) as usize, (r.y * px_per_mm) as usize);
    let (x1, y1) = (((r.x + r.width) * px_per_mm) as usize, ((r.y + r.height) * px_per_mm) as usize);
    let (x1, y1) = (x1.min(g.w), y1.min(g.h));
    if x1 <= x0 || y1 <= y0 {
        return 0.0;
    }
    let dark = (y0..y1).flat_map(|y| (x0..x1).map(move |x| (x, y))).filter(|&(x, y)| g.px[y * g.w + x] < limit).count();
    dark as f64 / ((x1 - x0) * (y1 - y0)) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_face_seen_twice_is_one_face() {
        let mut faces = Vec::new();
        let face = |center, width, score| CardFace { center, width, score, upright_turned: false };
        add_distinct(&mut faces, face([25.0, 50.0], 20.0, 0.7));
        add_distinct(&mut faces, face([27.0, 51.0], 19.0, 0.9));
        add_distinct(&mut faces, face([70.0, 30.0], 20.0, 0.8));
        assert_eq!(faces.len(), 2);
        assert_eq!(faces[0].score, 0.9);
    }

    #[test]
    fn ink_share_counts_dark_pixels_in_the_field() {
        let mut g = Grey { w: 20, h: 10, px: vec![240.0; 200] };
        for x in 10..20 {
            g.px[5 * 20 + x] = 30.0;
        }
        let r = RectMm { x: 10.0, y: 0.0, width: 10.0, height: 10.0 };
        assert!((dark_share(&g, 1.0, r) - 0.1).abs() < 1e-9);
        assert_eq!(dark_share(&g.rotated_180(), 1.0, r), 0.0);
    }
}
