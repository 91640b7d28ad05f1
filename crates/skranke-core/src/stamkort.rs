//! The paper stamkort's layout in millimetres: the card's size and where the glued photo and the
//! signature field are. Configurable (`[scan.layout]`) because municipalities have printed more
//! than one edition; the default is the one Skranke's test material is drawn from. Here (not in
//! skranke-scan) because the configuration reads it.

use serde::{Deserialize, Serialize};

/// A rectangle on the card in millimetres from the card's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RectMm {
    /// From the card's left edge.
    pub x: f64,
    /// From the card's top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// Where things are on the paper stamkort (millimetres, card upright: the photo on the left).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct StamkortLayout {
    /// The card's width.
    pub card_width: f64,
    /// The card's height.
    pub card_height: f64,
    /// The box the 35x45 mm photo is glued into.
    pub photo: RectMm,
    /// The field the applicant signs in.
    pub signature: RectMm,
}

impl Default for StamkortLayout {
    /// The stamkort as Skranke's test material draws it: an A6 card in landscape (148x105 mm),
    /// the photo box 35x45 mm at 8 mm from the left and 30 mm from the top, the signature field
    /// 85x22 mm at the bottom right. (Not measured from a printed original: a municipality whose
    /// cards differ sets `[scan.layout]`.)
    fn default() -> Self {
        Self {
            card_width: 148.0,
            card_height: 105.0,
            photo: RectMm { x: 8.0, y: 30.0, width: 35.0, height: 45.0 },
            signature: RectMm { x: 55.0, y: 72.0, width: 85.0, height: 22.0 },
        }
    }
}

impl StamkortLayout {
    /// Refuses a layout whose card has no size or whose fields leave the card (the reason, in
    /// English, for the configuration's error).
    pub fn validate(&self) -> Result<(), String> {
        if !(self.card_width > 0.0 && self.card_height > 0.0) {
            return Err("the card needs a positive width and height".into());
        }
        for (name, r) in [("photo", self.photo), ("signature", self.signature)] {
            let inside = r.x >= 0.0
                && r.y >= 0.0
                && r.width > 0.0
                && r.height > 0.0
                && r.x + r.width <= self.card_width
                && r.y + r.height <= self.card_height;
            if !inside {
                return Err(format!("the {name} field must lie on the card"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_layout_is_valid() {
        StamkortLayout::default().validate().expect("valid");
    }

    #[test]
    fn a_field_off_the_card_is_refused() {
        let mut l = StamkortLayout::default();
        l.signature.x = 100.0;
        let e = l.validate().expect_err("off the card");
        assert_eq!(e, "the signature field must lie on the card");
    }

    #[test]
    fn a_partial_toml_table_keeps_the_other_defaults() {
        let l: StamkortLayout = serde_json::from_str(r#"{"card_width": 150.0}"#).expect("parse");
        assert_eq!(l.card_width, 150.0);
        assert_eq!(l.photo, StamkortLayout::default().photo);
    }
}
