//! [`CitizenView`]: everything the citizen window is ever told besides the preview frames. It has
//! no field for a person's data (CPR number, name, address): a test pins every key it serialises.
use serde::Serialize;
use skranke_api::json::OvalView;

/// One ink point of the signature: x and y in pad units, then 1 while the pen touches, else 0.
pub type InkPoint = [f64; 3];

/// What the citizen window shows now (or, for `Ink`, what to add to the drawing).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum CitizenView {
    /// Between citizens: a neutral welcome.
    Welcome,
    /// The photo step's live preview (frames come on their own channel).
    #[serde(rename_all = "camelCase")]
    PhotoLive {
        /// The live guidance code (`move_closer`, `ok`, ...), shown in the citizen's words.
        hint: Option<&'static str>,
        /// The guide oval, as fractions of the frame.
        oval: Option<OvalView>,
        /// Every live check passes (the oval turns green).
        all_pass: bool,
    },
    /// The photo just taken: the 35:45 crop as a data URL.
    #[serde(rename_all = "camelCase")]
    PhotoTaken {
        /// `data:image/jpeg;base64,...`
        image: String,
    },
    /// The signature step: the pad's field size and the ink so far (replaces any drawing).
    #[serde(rename_all = "camelCase")]
    Signing {
        /// Field width, pad units.
        width: f64,
        /// Field height, pad units.
        height: f64,
        /// The ink so far.
        points: Vec<InkPoint>,
    },
    /// More ink while the citizen signs (added to the drawing).
    #[serde(rename_all = "camelCase")]
    Ink {
        /// The new points.
        points: Vec<InkPoint>,
    },
    /// The accepted signature as an image.
    #[serde(rename_all = "camelCase")]
    Signed {
        /// `data:image/png;base64,...`
        image: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(v: &CitizenView) -> Vec<String> {
        let json = serde_json::to_value(v).expect("serialises");
        let mut keys: Vec<String> = json.as_object().expect("an object").keys().cloned().collect();
        if let Some(oval) = json.get("oval").and_then(|o| o.as_object()) {
            keys.extend(oval.keys().map(|k| format!("oval.{k}")));
        }
        keys.sort();
        keys
    }

    /// Every variant with every field filled, and exactly the keys it may carry: no name, CPR
    /// number, address, case reference or any other field of the main window's views.
    #[test]
    fn the_payload_carries_no_person_data() {
        let oval = OvalView { cx: 0.5, cy: 0.45, head_height: 0.55, tolerance: 0.06 };
        let cases: Vec<(CitizenView, &[&str])> = vec![
            (CitizenView::Welcome, &["kind"]),
            (
                CitizenView::PhotoLive { hint: Some("move_closer"), oval: Some(oval), all_pass: false },
                &["allPass", "hint", "kind", "oval", "oval.cx", "oval.cy", "oval.headHeight", "oval.tolerance"],
            ),
            (CitizenView::PhotoTaken { image: "data:image/jpeg;base64,AA==".into() }, &["image", "kind"]),
            (
                CitizenView::Signing { width: 1200.0, height: 400.0, points: vec![[1.0, 2.0, 1.0]] },
                &["height", "kind", "points", "width"],
            ),
            (CitizenView::Ink { points: vec![[1.0, 2.0, 0.0]] }, &["kind", "points"]),
            (CitizenView::Signed { image: "data:image/png;base64,AA==".into() }, &["image", "kind"]),
        ];
        for (view, want) in cases {
            assert_eq!(keys(&view), *want, "{view:?}");
        }
    }

    #[test]
    fn kinds_are_camel_case() {
        let kind = |v: CitizenView| serde_json::to_value(v).expect("serialises")["kind"].clone();
        assert_eq!(kind(CitizenView::Welcome), "welcome");
        assert_eq!(kind(CitizenView::PhotoLive { hint: None, oval: None, all_pass: true }), "photoLive");
        assert_eq!(kind(CitizenView::PhotoTaken { image: String::new() }), "photoTaken");
        assert_eq!(kind(CitizenView::Signed { image: String::new() }), "signed");
    }
}
