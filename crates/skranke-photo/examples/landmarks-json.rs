//! Prints the FaceMesh landmarks the still check measures on, as one JSON object:
//! `{"points": [{"x", "y", "z"}, ...468], "presence": number, "yaw": number|null}` (source pixels).
//! For scripts/make-demo-portrait.sh, which re-poses the demo portrait along these points; a
//! developer tool, not part of the product (landmarks of a face are biometric data: run it on
//! demo material only).
//!
//! `cargo run --release -p skranke-photo --example landmarks-json -- FILE`
use std::path::Path;

use skranke_photo::{Models, PhotoThresholds, check_still, load_rgb};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let file = std::env::args().nth(1).ok_or("usage: landmarks-json FILE")?;
    let t = PhotoThresholds::default();
    let img = load_rgb(Path::new(&file), t.max_image_side)?;
    let res = check_still(&img, &Models::load_default()?, &t)?;
    let marks = res.landmarks.ok_or("no face with landmarks found")?;
    let yaw = res.report.get("yaw").and_then(|c| c.value);
    let out = serde_json::json!({ "points": marks.points, "presence": marks.presence, "yaw": yaw });
    println!("{out}");
    Ok(())
}
