//! Generated defects for the accuracy set: each turns a real portrait into one that a given check
//! must fail. Where the defect needs to know where the face is (uneven light, closed eyes, open
//! mouth), it is placed with the detector's and FaceMesh's output on the ORIGINAL image; the check
//! then runs both models again on the edited image. The integration tests use the same generators.
use image::{Rgb, RgbImage, imageops};
use skranke_photo::{Face, Landmarks, Point3};

/// Where the face of the original is.
pub struct Placement<'a> {
    /// The largest face the detector found.
    pub face: Option<&'a Face>,
    /// Its landmarks.
    pub marks: Option<&'a Landmarks>,
}

/// A generator: the defect's name, the check it must make fail, and the transform.
pub type Defect = (&'static str, &'static str, fn(&RgbImage, &Placement) -> RgbImage);

/// Every generated defect and its label.
pub fn defects() -> Vec<Defect> {
    fn map(img: &RgbImage, f: impl Fn([u8; 3]) -> [u8; 3]) -> RgbImage {
        RgbImage::from_fn(img.width(), img.height(), |x, y| Rgb(f(img.get_pixel(x, y).0)))
    }
    vec![
        ("blur", "sharpness", |i, _| imageops::blur(i, 6.0)),
        ("underexposed", "underexposure", |i, _| map(i, |p| p.map(|c| c / 6))),
        ("overexposed", "overexposure", |i, _| map(i, |p| p.map(|c| c.saturating_mul(2)))),
        ("greyscale", "natural_colour", |i, _| image::DynamicImage::ImageRgb8(i.clone()).grayscale().to_rgb8()),
        ("low_resolution", "eye_distance", |i, _| {
            imageops::resize(i, i.width() / 3, i.height() / 3, imageops::FilterType::Triangle)
        }),
        ("uneven_light", "illumination_uniformity", |i, at| {
            // Light from one side: everything left of the face's centre line at 40 %.
            let x0 = at.face.map_or(i.width() / 2, |f| f.eye_mid().x as u32);
            RgbImage::from_fn(i.width(), i.height(), |x, y| {
                let k = if x < x0 { 0.4 } else { 1.0 };
                Rgb(i.get_pixel(x, y).0.map(|c| (f64::from(c) * k) as u8))
            })
        }),
        ("two_faces", "face_count", |i, _| {
            let mut o = RgbImage::from_pixel(i.width() * 2, i.height(), Rgb([200, 200, 200]));
            imageops::overlay(&mut o, i, 0, 0);
            imageops::overlay(&mut o, i, i64::from(i.width()), 0);
            o
        }),
        ("no_face", "face_count", |i, _| RgbImage::from_pixel(i.width(), i.height(), Rgb([230, 230, 230]))),
        ("off_centre", "crop_margins", |i, at| {
            // The frame's left edge just beside the face: no centred 35:45 crop is possible.
            let left = at.face.map_or(i.width() / 3, |f| (f.eye_mid().x - 1.1 * f.eye_distance()).max(0.0) as u32);
            imageops::crop_imm(i, left, 0, i.width() - left, i.height()).to_image()
        }),
        ("roll_15", "roll", |i, _| rotate(i, 15.0)),
        ("small_face", "eye_distance", |i, _| {
            // The person four times further away: the portrait at a quarter, on a wall. The head
            // can still be cropped to 33 mm, but with too few pixels for it.
            let (w, h) = i.dimensions();
            let small = imageops::resize(i, w / 4, h / 4, imageops::FilterType::Triangle);
            let mut o = RgbImage::from_pixel(w, h, Rgb([205, 205, 200]));
            imageops::overlay(&mut o, &small, i64::from(w * 3 / 8), i64::from(h / 6));
            o
        }),
        ("too_close", "head_size", |i, at| {
            // The camera so close that the frame ends at the forehead and the chin: the 35:45
            // photo cannot hold the head at 30-36 mm.
            let Some(m) = at.marks else { return i.clone() };
            let (x0, y0, x1, y1) = bounds(&m.points);
            let (top, bottom) = (y0.max(0.0) as u32, (y1 as u32).min(i.height()));
            let width = ((bottom - top) as f64 * 35.0 / 45.0).max(x1 - x0);
            let left = ((x0 + x1) / 2.0 - width / 2.0).max(0.0) as u32;
            let width = (width as u32).min(i.width() - left);
            imageops::crop_imm(i, left, top, width, bottom - top).to_image()
        }),
        ("busy_background", "background", |i, _| {
            // A high-contrast pattern in the top corners (behind the head, outside the face).
            let (w, h) = i.dimensions();
            RgbImage::from_fn(w, h, |x, y| {
                let corner = y < h / 4 && (x < w / 4 || x > w * 3 / 4);
                if corner && ((x / 12 + y / 12) % 2 == 0) {
                    Rgb([20, 20, 20])
                } else if corner {
                    Rgb([240, 240, 240])
                } else {
                    *i.get_pixel(x, y)
                }
            })
        }),
        ("dark_glasses", "eyes_visible", |i, at| {
            // Sunglasses: each lens an ellipse around the eye letting a quarter of the light through.
            at.marks.map_or_else(|| i.clone(), |m| on_lenses(i, &m.points, |_, p| p.map(|c| c / 4)))
        }),
        ("lens_glare", "eyes_visible", |i, at| {
            // A reflection on each lens: a clipped white spot over the iris, half the eye wide.
            at.marks.map_or_else(
                || i.clone(),
                |m| on_lenses(i, &m.points, |d, p| if d <= 0.3 { [255, 255, 255] } else { p }),
            )
        }),
        ("light_gradient", "illumination_uniformity", |i, _| {
            // A light falling off across the whole frame: the left edge at a quarter of the right.
            let w = f64::from(i.width().max(2) - 1);
            RgbImage::from_fn(i.width(), i.height(), |x, y| {
                let k = 0.25 + 0.75 * f64::from(x) / w;
                Rgb(i.get_pixel(x, y).0.map(|c| (f64::from(c) * k).round() as u8))
            })
        }),
        ("saturated_backdrop", "background", |i, at| {
            // A strongly coloured backdrop (a green stage cloth) behind the same head.
            at.marks.map_or_else(|| i.clone(), |m| before_wall(i, m, |_, _| [40, 150, 70]))
        }),
        ("low_dynamic_range", "dynamic_range", |i, _| {
            // Flat, washed-out light: the luma squeezed to a seventh of its spread around mid-grey,
            // the colour (each channel's offset from the luma) kept, so only the levels go.
            map(i, |p| {
                let y = 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]);
                let shift = 128.0 + (y - 128.0) / 7.0 - y;
                p.map(|c| (f64::from(c) + shift).round().clamp(0.0, 255.0) as u8)
            })
        }),
        ("noise", "noise", |i, _| add_noise(i, 20)),
        ("jpeg_q8", "compression", |i, _| jpeg(i, 8)),
        ("yaw_15", "yaw", |i, at| at.marks.map_or_else(|| i.clone(), |m| turn_face(i, &m.points, 15.0, 0.0))),
        ("pitch_15", "pitch", |i, at| at.marks.map_or_else(|| i.clone(), |m| turn_face(i, &m.points, 0.0, 15.0))),
        ("eyes_closed", "eyes_open", |i, at| at.marks.map_or_else(|| i.clone(), |m| close_eyes(i, &m.points))),
        ("mouth_open", "mouth_closed", |i, at| at.marks.map_or_else(|| i.clone(), |m| open_mouth(i, &m.points))),
        ("broad_smile", "expression_neutral", |i, at| at.marks.map_or_else(|| i.clone(), |m| smile(i, &m.points))),
        ("raised_brows", "expression_neutral", |i, at| {
            at.marks.map_or_else(|| i.clone(), |m| raise_brows(i, &m.points))
        }),
        ("cap", "head_covering", |i, at| at.marks.map_or_else(|| i.clone(), |m| cover(i, &m.points, Cover::Cap))),
        ("headscarf", "head_covering", |i, at| {
            at.marks.map_or_else(|| i.clone(), |m| cover(i, &m.points, Cover::Headscarf))
        }),
        ("face_mask", "face_occlusion", |i, at| {
            at.marks.map_or_else(|| i.clone(), |m| cover(i, &m.points, Cover::Mask))
        }),
        ("scarf_over_face", "face_occlusion", |i, at| {
            at.marks.map_or_else(|| i.clone(), |m| cover(i, &m.points, Cover::LowerScarf))
        }),
        ("hand_over_mouth", "face_occlusion", |i, at| {
            at.marks.map_or_else(|| i.clone(), |m| cover(i, &m.points, Cover::Hand))
        }),
    ]
}

/// The person (an ellipse around the face and everything below the chin) before a wall whose
/// colour at (x, y) `wall` gives: no real portrait of the set has a plain background, so the
/// background defects and tests start from this "studio" version.
pub fn before_wall(img: &RgbImage, marks: &Landmarks, wall: impl Fn(u32, u32) -> [u8; 3]) -> RgbImage {
    let p = &marks.points;
    let (eye_y, chin_y) = (p[159].y.min(p[386].y), p[152].y);
    let cx = (p[33].x + p[263].x) / 2.0;
    let head = 2.0 * (chin_y - eye_y);
    RgbImage::from_fn(img.width(), img.height(), |x, y| {
        let (dx, dy) = ((f64::from(x) - cx) / (0.36 * head), (f64::from(y) - eye_y) / (0.5 * head));
        if f64::from(y) > chin_y || dx * dx + dy * dy <= 1.0 { *img.get_pixel(x, y) } else { Rgb(wall(x, y)) }
    })
}

/// Defects other than the background's that start from the studio version: a light falling off
/// across the frame shows on a plain wall (on a busy backdrop the background check fails anyway).
pub const STUDIO_DEFECTS: [&str; 1] = ["light_gradient"];

/// The light grey wall of the studio versions.
pub const STUDIO_WALL: [u8; 3] = [228, 228, 224];

/// Recolours a spectacle lens around each eye: an ellipse 1.6 eye widths wide and 1.1 high
/// around the eye corners' midpoint; `f` gets the normalised distance from the eye centre in eye
/// widths and the pixel.
fn on_lenses(img: &RgbImage, p: &[Point3], f: impl Fn(f64, [u8; 3]) -> [u8; 3]) -> RgbImage {
    let mut out = img.clone();
    for (a, b) in [(33, 133), (263, 362)] {
        let (cx, cy) = ((p[a].x + p[b].x) / 2.0, (p[a].y + p[b].y) / 2.0);
        let w = ((p[a].x - p[b].x).powi(2) + (p[a].y - p[b].y).powi(2)).sqrt();
        let (rx, ry) = (0.8 * w, 0.55 * w);
        let (x0, x1) = ((cx - rx).max(0.0) as u32, ((cx + rx) as u32).min(img.width() - 1));
        let (y0, y1) = ((cy - ry).max(0.0) as u32, ((cy + ry) as u32).min(img.height() - 1));
        for y in y0..=y1 {
            for x in x0..=x1 {
                let (dx, dy) = ((f64::from(x) - cx) / rx, (f64::from(y) - cy) / ry);
                if dx * dx + dy * dy <= 1.0 {
                    let d = (f64::from(x) - cx).hypot(f64::from(y) - cy) / w;
                    out.put_pixel(x, y, Rgb(f(d, img.get_pixel(x, y).0)));
                }
            }
        }
    }
    out
}

/// What `cover` draws over the head or face.
#[derive(Clone, Copy, PartialEq)]
enum Cover {
    /// A navy cap over the hair and the upper forehead, with a darker band at its edge.
    Cap,
    /// A dark red scarf over the hair and round the face, leaving the face's oval bare.
    Headscarf,
    /// A light blue pleated mask from the bridge of the nose to below the chin.
    Mask,
    /// A dark green scarf from below the nose tip over the mouth and chin.
    LowerScarf,
    /// A hand (the face's own skin colour, a little redder and darker) over the mouth, fingers
    /// across, the gaps between them shaded.
    Hand,
}

/// Draws a covering over the head or face, placed by the FaceMesh points: cloth has folds (a
/// slow ripple of +-12 % light) and grain (+-4 levels), so it is not a flat colour.
fn cover(img: &RgbImage, p: &[Point3], what: Cover) -> RgbImage {
    let mid = |a: usize, b: usize| ((p[a].x + p[b].x) / 2.0, (p[a].y + p[b].y) / 2.0);
    let (re, le) = (mid(33, 133), mid(263, 362));
    let ed = (le.0 - re.0).hypot(le.1 - re.1).max(1.0);
    let (cx, eye_y) = ((re.0 + le.0) / 2.0, (re.1 + le.1) / 2.0);
    // The face's oval: from the forehead top to the chin, cheek to cheek.
    let (top, chin) = (p[10].y, p[152].y);
    let (ocx, ocy, orx, ory) = (cx, (top + chin) / 2.0, 0.5 * (p[454].x - p[234].x).abs(), (chin - top) / 2.0);
    let in_oval = |x: f64, y: f64, k: f64| ((x - ocx) / (k * orx)).powi(2) + ((y - ocy) / (k * ory)).powi(2) <= 1.0;
    // The skin's colour: the channel-wise median over both cheekbones (a single pixel may sit in
    // a shadow or a highlight).
    let skin: [u8; 3] = {
        let mut px: Vec<[u8; 3]> = Vec::new();
        for ex in [re.0, le.0] {
            for dy in 0..12 {
                for dx in 0..12 {
                    let (x, y) = (ex + (f64::from(dx) - 6.0) * 0.02 * ed, eye_y + (0.25 + f64::from(dy) * 0.02) * ed);
                    px.push(
                        img.get_pixel(
                            x.clamp(0.0, f64::from(img.width() - 1)) as u32,
                            y.clamp(0.0, f64::from(img.height() - 1)) as u32,
                        )
                        .0,
                    );
                }
            }
        }
        std::array::from_fn(|c| {
            let mut ch: Vec<u8> = px.iter().map(|p| p[c]).collect();
            ch.sort_unstable();
            ch[ch.len() / 2]
        })
    };
    let mut seed = 0x2545_F491_u32;
    let mut grain = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        (seed % 9) as f64 - 4.0
    };
    let mut out = img.clone();
    for y in 0..img.height() {
        for x in 0..img.width() {
            let (xf, yf) = (f64::from(x), f64::from(y));
            let fold = 1.0 + 0.12 * (xf / (0.09 * ed) + yf / (0.23 * ed)).sin();
            let colour = match what {
                Cover::Cap => {
                    let edge = top + 0.25 * ed;
                    let dome = ((xf - cx) / (1.25 * ed)).powi(2) + ((yf - edge) / (1.3 * ed)).powi(2) <= 1.0;
                    (dome && yf <= edge).then_some(if yf > edge - 0.12 * ed { [22, 28, 55] } else { [35, 45, 85] })
                }
                Cover::Headscarf => {
                    let head =
                        ((xf - ocx) / (1.55 * orx)).powi(2) + ((yf - ocy + 0.25 * ory) / (1.45 * ory)).powi(2) <= 1.0;
                    (head && !in_oval(xf, yf, 0.97) && yf < chin + 0.5 * ed).then_some([110, 30, 45])
                }
                Cover::Mask => {
                    let from = p[6].y + 0.35 * (p[4].y - p[6].y);
                    (yf >= from && yf <= chin + 0.15 * ed && (xf - ocx).abs() <= 1.02 * orx).then(|| {
                        let pleat = ((yf - from) / (0.14 * ed)).fract() < 0.12;
                        if pleat { [125, 165, 190] } else { [150, 190, 215] }
                    })
                }
                Cover::LowerScarf => {
                    let from = p[4].y + 0.12 * ed;
                    (yf >= from && yf <= chin + 0.4 * ed && (xf - ocx).abs() <= 1.1 * orx).then_some([40, 80, 60])
                }
                Cover::Hand => {
                    // Over both lips, from under the nose to below the lower lip.
                    let (mx, my) = mid(0, 17);
                    let ry = 0.32 * ed + 0.5 * (p[17].y - p[0].y).abs();
                    let inside = ((xf - mx) / (0.85 * ed)).powi(2) + ((yf - my) / ry).powi(2) <= 1.0;
                    inside.then(|| {
                        let hand = [0.97, 0.92, 0.9];
                        let gap = ((yf - my + ry) / (0.16 * ed)).fract() < 0.1;
                        let k = if gap { 0.8 } else { 1.0 };
                        std::array::from_fn(|c| (f64::from(skin[c]) * hand[c] * k) as u8)
                    })
                }
            };
            if let Some(c) = colour {
                // The hand is skin: no folds, only the grain.
                let f = if what == Cover::Hand { 1.0 } else { fold };
                let g = grain();
                out.put_pixel(x, y, Rgb(c.map(|v| (f64::from(v) * f + g).round().clamp(0.0, 255.0) as u8)));
            }
        }
    }
    out
}

/// An image transform of the robustness rows.
pub type Transform = fn(&RgbImage) -> RgbImage;

/// Disturbances that a good photo can carry and still pass: the checks' verdicts must not change.
pub fn disturbances() -> Vec<(&'static str, Transform)> {
    vec![("light_noise", |i| add_noise(i, 4)), ("jpeg_q75", |i| jpeg(i, 75))]
}

/// Adds uniform noise of +-`amp` levels to every channel (deterministic).
fn add_noise(i: &RgbImage, amp: i16) -> RgbImage {
    let mut seed = 0x9E37_79B9_u32;
    RgbImage::from_fn(i.width(), i.height(), |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let n = (seed % (2 * amp as u32 + 1)) as i16 - amp;
        Rgb(i.get_pixel(x, y).0.map(|c| (c as i16 + n).clamp(0, 255) as u8))
    })
}

/// Round-trips through JPEG at `quality`.
fn jpeg(i: &RgbImage, quality: u8) -> RgbImage {
    let mut buf = Vec::new();
    let _ = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, quality).encode_image(i);
    image::load_from_memory(&buf).map(|d| d.to_rgb8()).unwrap_or_else(|_| i.clone())
}

/// Rotates about the centre by `deg` (nearest neighbour), filling with a wall colour.
pub fn rotate(img: &RgbImage, deg: f64) -> RgbImage {
    let (w, h) = img.dimensions();
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (f64::from(w) / 2.0, f64::from(h) / 2.0);
    RgbImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (f64::from(x) - cx, f64::from(y) - cy);
        let (sx, sy) = (c * dx + s * dy + cx, -s * dx + c * dy + cy);
        if sx >= 0.0 && sy >= 0.0 && (sx as u32) < w && (sy as u32) < h {
            *img.get_pixel(sx as u32, sy as u32)
        } else {
            Rgb([205, 205, 200])
        }
    })
}

/// Upper and lower eyelid lines (corner to corner) of the person's right and left eye.
const EYE_LIDS: [([usize; 9], [usize; 9]); 2] = [
    ([33, 246, 161, 160, 159, 158, 157, 173, 133], [33, 7, 163, 144, 145, 153, 154, 155, 133]),
    ([263, 466, 388, 387, 386, 385, 384, 398, 362], [263, 249, 390, 373, 374, 380, 381, 382, 362]),
];
/// Upper and lower inner lip lines (corner to corner).
const INNER_LIPS: ([usize; 11], [usize; 11]) =
    ([78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308], [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308]);

/// y of a polyline (points sorted by x) at `x`, linear between points.
fn y_at(line: &[(f64, f64)], x: f64) -> Option<f64> {
    line.windows(2).find(|w| (w[0].0..=w[1].0).contains(&x)).map(|w| {
        let t = if w[1].0 > w[0].0 { (x - w[0].0) / (w[1].0 - w[0].0) } else { 0.0 };
        w[0].1 + t * (w[1].1 - w[0].1)
    })
}

fn polyline(p: &[Point3], idx: &[usize]) -> Vec<(f64, f64)> {
    let mut v: Vec<(f64, f64)> = idx.iter().map(|&i| (p[i].x, p[i].y)).collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    v
}

/// Bilinear read of `img` at a real position (clamped to the image).
fn read(img: &RgbImage, x: f64, y: f64) -> Rgb<u8> {
    let (w, h) = (f64::from(img.width()) - 1.0, f64::from(img.height()) - 1.0);
    let (x, y) = (x.clamp(0.0, w), y.clamp(0.0, h));
    let (x0, y0) = (x.floor(), y.floor());
    let (ax, ay) = (x - x0, y - y0);
    let (x1, y1) = ((x0 + 1.0).min(w), (y0 + 1.0).min(h));
    let p = |xx: f64, yy: f64| img.get_pixel(xx as u32, yy as u32).0.map(f64::from);
    let (a, b, c, d) = (p(x0, y0), p(x1, y0), p(x0, y1), p(x1, y1));
    Rgb(std::array::from_fn(|k| {
        ((a[k] * (1.0 - ax) + b[k] * ax) * (1.0 - ay) + (c[k] * (1.0 - ax) + d[k] * ax) * ay).round() as u8
    }))
}

/// Closes both eyes: the skin between brow and upper lid is stretched down to the lower lid, so
/// the eyeball disappears under it (as a closed lid covers it), tapering off at the corners.
pub fn close_eyes(img: &RgbImage, p: &[Point3]) -> RgbImage {
    let mut out = img.clone();
    for (upper, lower) in EYE_LIDS {
        let (up, low) = (polyline(p, &upper), polyline(p, &lower));
        let (x0, x1) = (up[0].0, up[up.len() - 1].0);
        let width = x1 - x0;
        for x in (x0.floor() as i64).max(0)..=(x1.ceil() as i64).min(i64::from(img.width()) - 1) {
            let xf = x as f64;
            let (Some(yu), Some(yl)) = (y_at(&up, xf), y_at(&low, xf)) else {
                continue;
            };
            // Full closure in the middle of the eye, none at the corners.
            let taper = (std::f64::consts::PI * (xf - x0) / width.max(1.0)).sin().max(0.0).sqrt();
            let yb = yu - 0.45 * width; // above the lid crease, below the brow
            let target = yu + taper * (yl - yu); // where the lid edge ends up
            for y in (yb.floor() as i64).max(0)..=(yl.ceil() as i64).min(i64::from(img.height()) - 1) {
                let yf = y as f64;
                let src = if yf <= target { yb + (yf - yb) * (yu - yb) / (target - yb).max(1e-6) } else { yf };
                out.put_pixel(x as u32, y as u32, read(img, xf, src));
            }
        }
    }
    out
}

/// Opens the mouth: the lower lip and the skin down to the chin move down by a third of the
/// mouth's width in the middle (less towards the corners) and the gap shows a dark mouth cavity.
pub fn open_mouth(img: &RgbImage, p: &[Point3]) -> RgbImage {
    let mut out = img.clone();
    let (up, low) = (polyline(p, &INNER_LIPS.0), polyline(p, &INNER_LIPS.1));
    let (x0, x1) = (up[0].0, up[up.len() - 1].0);
    let width = x1 - x0;
    let chin = p[152].y;
    for x in (x0.floor() as i64).max(0)..=(x1.ceil() as i64).min(i64::from(img.width()) - 1) {
        let xf = x as f64;
        let (Some(yu), Some(yl)) = (y_at(&up, xf), y_at(&low, xf)) else {
            continue;
        };
        let gap = width / 3.0 * (std::f64::consts::PI * (xf - x0) / width.max(1.0)).sin().max(0.0);
        let bottom = chin + 0.1 * width;
        for y in (yu.floor() as i64).max(0)..=(bottom.ceil() as i64).min(i64::from(img.height()) - 1) {
            let yf = y as f64;
            let px = if yf < yl + gap && yf >= yu {
                // The cavity: dark, a little lighter towards the middle of the gap.
                let t = ((yf - yu) / (yl + gap - yu).max(1.0) - 0.5).abs();
                let v = (45.0 - 40.0 * t) as u8;
                Rgb([v, v / 3, v / 3])
            } else if yf >= yl + gap {
                read(img, xf, yl + (yf - yl - gap) * (bottom - yl) / (bottom - yl - gap).max(1e-6))
            } else {
                continue;
            };
            out.put_pixel(x as u32, y as u32, px);
        }
    }
    out
}

/// The points' box in the image: (left, top, right, bottom).
pub fn bounds(p: &[Point3]) -> (f64, f64, f64, f64) {
    p.iter().fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |(x0, y0, x1, y1), q| {
        (x0.min(q.x), y0.min(q.y), x1.max(q.x), y1.max(q.y))
    })
}

/// Turns the face in 3-D: the FaceMesh points (with their depth) are rotated about a vertical
/// (`yaw`) or horizontal (`pitch`) axis through the middle of the head, and the image is warped
/// along (`warp_face`).
pub fn turn_face(img: &RgbImage, p: &[Point3], yaw_deg: f64, pitch_deg: f64) -> RgbImage {
    let n = p.len() as f64;
    let (cx, cy) = (p.iter().map(|q| q.x).sum::<f64>() / n, p.iter().map(|q| q.y).sum::<f64>() / n);
    let (x0, _, x1, _) = bounds(p);
    // The head turns about an axis about half a face width behind the face's surface.
    let cz = p.iter().map(|q| q.z).sum::<f64>() / n + 0.5 * (x1 - x0);
    let (sy, cyw) = yaw_deg.to_radians().sin_cos();
    let (sp, cp) = pitch_deg.to_radians().sin_cos();
    let dst: Vec<(f64, f64, f64)> = p
        .iter()
        .map(|q| {
            // Yaw about the vertical axis (positive: the person's left side goes away, +z).
            let (dx, dz) = (q.x - cx, q.z - cz);
            let (x, z) = (cx + dx * cyw - dz * sy, cz + dx * sy + dz * cyw);
            // Pitch about the horizontal axis (positive: chin up, the forehead goes away).
            let (dy, dz) = (q.y - cy, z - cz);
            (x, cy + dy * cp + dz * sp, cz - dy * sp + dz * cp)
        })
        .collect();
    warp_face(img, p, dst)
}

/// Smiles broadly with closed lips: the mouth corners drawn up by a sixth and out by a tenth of
/// the mouth's width, the points near them (the lips' outer parts, the cheeks beside them)
/// following less the further they are, and the image warped along with the points
/// (`warp_face`).
pub fn smile(img: &RgbImage, p: &[Point3]) -> RgbImage {
    let (r, l) = (p[61], p[291]);
    let width = (l.x - r.x).hypot(l.y - r.y).max(1.0);
    move_points(img, p, &[(r, -0.10 * width, -0.17 * width), (l, 0.10 * width, -0.17 * width)], 0.18 * width)
}

/// Raises both brows by a quarter of the eye distance, as in surprise (the skin above them
/// following), warped along with the points (`warp_face`).
pub fn raise_brows(img: &RgbImage, p: &[Point3]) -> RgbImage {
    let ed = (p[263].x - p[33].x).hypot(p[263].y - p[33].y) * 0.75;
    let up = -0.25 * ed;
    move_points(img, p, &[(p[105], 0.0, up), (p[334], 0.0, up)], 0.15 * ed)
}

/// Moves the FaceMesh points near each handle (x, y offset in pixels) by that offset, weighted by
/// a Gaussian of width `sigma` around the handle, and warps the image along.
fn move_points(img: &RgbImage, p: &[Point3], handles: &[(Point3, f64, f64)], sigma: f64) -> RgbImage {
    let dst = p
        .iter()
        .map(|q| {
            let (mut x, mut y) = (q.x, q.y);
            for &(h, dx, dy) in handles {
                let k = (-((q.x - h.x).powi(2) + (q.y - h.y).powi(2)) / (2.0 * sigma * sigma)).exp();
                x += k * dx;
                y += k * dy;
            }
            (x, y, q.z)
        })
        .collect();
    warp_face(img, p, dst)
}

/// Warps the image so each FaceMesh point moves from its place to `dst` (x, y, depth), triangle
/// by triangle, nearer triangles drawn last. A ring of fixed points around the face blends the
/// warp into the unchanged hair and background.
fn warp_face(img: &RgbImage, p: &[Point3], mut dst: Vec<(f64, f64, f64)>) -> RgbImage {
    let n = p.len() as f64;
    let (cx, cy) = (p.iter().map(|q| q.x).sum::<f64>() / n, p.iter().map(|q| q.y).sum::<f64>() / n);
    let (x0, y0, x1, y1) = bounds(p);
    let mut src: Vec<(f64, f64)> = p.iter().map(|q| (q.x, q.y)).collect();
    let (rx, ry) = (0.85 * (x1 - x0), 0.85 * (y1 - y0));
    for k in 0..24 {
        let a = f64::from(k) / 24.0 * std::f64::consts::TAU;
        let q = (cx + rx * a.cos(), cy + ry * a.sin());
        src.push(q);
        dst.push((q.0, q.1, f64::MAX));
    }
    let mut tris = delaunay(&src);
    // Far to near, so the near side of a turned face covers the far side.
    let depth = |t: &[usize; 3]| t.iter().map(|&i| dst[i].2.min(1e9)).sum::<f64>();
    tris.sort_by(|a, b| depth(b).total_cmp(&depth(a)));
    let mut out = img.clone();
    for t in &tris {
        let d: Vec<(f64, f64)> = t.iter().map(|&i| (dst[i].0, dst[i].1)).collect();
        let s: Vec<(f64, f64)> = t.iter().map(|&i| src[i]).collect();
        let den = (d[1].1 - d[2].1) * (d[0].0 - d[2].0) + (d[2].0 - d[1].0) * (d[0].1 - d[2].1);
        if den.abs() < 1e-9 {
            continue;
        }
        let (bx0, bx1) =
            (d.iter().map(|q| q.0).fold(f64::MAX, f64::min), d.iter().map(|q| q.0).fold(f64::MIN, f64::max));
        let (by0, by1) =
            (d.iter().map(|q| q.1).fold(f64::MAX, f64::min), d.iter().map(|q| q.1).fold(f64::MIN, f64::max));
        for y in (by0.floor().max(0.0) as u32)..=(by1.ceil().min(f64::from(img.height()) - 1.0).max(0.0) as u32) {
            for x in (bx0.floor().max(0.0) as u32)..=(bx1.ceil().min(f64::from(img.width()) - 1.0).max(0.0) as u32) {
                let (px, py) = (f64::from(x), f64::from(y));
                let w0 = ((d[1].1 - d[2].1) * (px - d[2].0) + (d[2].0 - d[1].0) * (py - d[2].1)) / den;
                let w1 = ((d[2].1 - d[0].1) * (px - d[2].0) + (d[0].0 - d[2].0) * (py - d[2].1)) / den;
                let w2 = 1.0 - w0 - w1;
                if w0 < -1e-6 || w1 < -1e-6 || w2 < -1e-6 {
                    continue;
                }
                let sx = w0 * s[0].0 + w1 * s[1].0 + w2 * s[2].0;
                let sy = w0 * s[0].1 + w1 * s[1].1 + w2 * s[2].1;
                out.put_pixel(x, y, read(img, sx, sy));
            }
        }
    }
    out
}

/// Delaunay triangulation (Bowyer-Watson): triangles as index triples into `pts`.
fn delaunay(pts: &[(f64, f64)]) -> Vec<[usize; 3]> {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in pts {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let span = (x1 - x0).max(y1 - y0).max(1.0) * 20.0;
    let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let mut all = pts.to_vec();
    let n = all.len();
    all.extend([(mx - span, my - span), (mx + span, my - span), (mx, my + span)]);
    let circum = |t: &[usize; 3]| {
        let (a, b, c) = (all[t[0]], all[t[1]], all[t[2]]);
        let d = 2.0 * (a.0 * (b.1 - c.1) + b.0 * (c.1 - a.1) + c.0 * (a.1 - b.1));
        let sq = |p: (f64, f64)| p.0 * p.0 + p.1 * p.1;
        let ux = (sq(a) * (b.1 - c.1) + sq(b) * (c.1 - a.1) + sq(c) * (a.1 - b.1)) / d;
        let uy = (sq(a) * (c.0 - b.0) + sq(b) * (a.0 - c.0) + sq(c) * (b.0 - a.0)) / d;
        (ux, uy, (a.0 - ux).powi(2) + (a.1 - uy).powi(2))
    };
    let mut tris: Vec<([usize; 3], (f64, f64, f64))> = vec![([n, n + 1, n + 2], circum(&[n, n + 1, n + 2]))];
    for (i, &(px, py)) in pts.iter().enumerate() {
        let (bad, keep): (Vec<_>, Vec<_>) =
            tris.into_iter().partition(|(_, (ux, uy, r2))| (px - ux).powi(2) + (py - uy).powi(2) < *r2);
        tris = keep;
        // The hole's border: edges of bad triangles that no other bad triangle shares.
        let edges: Vec<(usize, usize)> =
            bad.iter().flat_map(|(t, _)| [(t[0], t[1]), (t[1], t[2]), (t[2], t[0])]).collect();
        for &(a, b) in &edges {
            if edges.iter().filter(|&&(c, d)| (c == a && d == b) || (c == b && d == a)).count() == 1 {
                let t = [a, b, i];
                let c = circum(&t);
                if c.2.is_finite() {
                    tris.push((t, c));
                }
            }
        }
    }
    tris.into_iter().map(|(t, _)| t).filter(|t| t.iter().all(|&i| i < n)).collect()
}
