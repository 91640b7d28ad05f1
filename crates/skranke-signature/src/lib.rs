//! Signatures: what the citizen wrote on the pad, whether it is a signature, and the image the
//! card producer prints.
//! - [`StrokeFile`] / [`Sample`]: the stroke model and file format (docs/signature.md), read
//!   safely with [`read_stroke_file`] / [`parse_stroke_file`];
//! - [`check_signature`]: the fixed list of checks ([`CHECK_IDS`]) against
//!   [`skranke_core::SignatureThresholds`];
//! - [`render_png`]: the greyscale PNG of the field ([`RenderOptions`], default 60 x 20 mm, 600 dpi);
//! - [`render_card_png`] / [`card_stroke_width`]: the signature as the licence card shows it
//!   ([`skranke_core::CardLayout`]) and whether its strokes print too thin there ([`CardStrokeWidth`]);
//! - [`pad`]: pad sources ([`pad::PadSource`]): the Wacom STU driver ([`pad::wacom`]),
//!   [`pad::ReplayPad`], the screen ([`pad::CanvasInput::new`] gives a [`pad::CanvasSender`] for
//!   pushed [`pad::CanvasPoint`]s); [`pad::StrokeRecorder`] turns any pad's events into a
//!   [`StrokeFile`] (a pad lost mid-signature: [`pad::PadError::DeviceLost`], code `pad_lost`);
//! - [`check_file`] / [`render_file`]: what `skranke signature check|render` print and write;
//! - [`StrokeFile::without_device_identifiers`] / [`strip_device_identifiers`]: strokes for a
//!   capture bundle, without the pad's serial number ([`DEVICE_IDENTIFIER_FIELDS`]).
#![deny(missing_docs)]

mod card;
mod checks;
mod cli_report;
mod error;
mod file;
mod minimise;
mod model;
pub mod pad;
mod render;

pub use card::{CardStrokeWidth, card_render_options, card_stroke_width, render_card_png};
pub use checks::{CHECK_IDS, MESSAGE_KEYS, check_signature};
pub use cli_report::{FileReport, check_file, render_file};
pub use error::SignatureError;
pub use file::{MAX_FILE_BYTES, MAX_SAMPLES, parse_stroke_file, read_stroke_file, validate};
pub use minimise::{DEVICE_IDENTIFIER_FIELDS, strip_device_identifiers};
pub use model::{DeviceMeta, Sample, StrokeFile};
pub use render::{RenderOptions, render, render_png};

/// The demo signatures shipped in the binary (replay pad in demo mode): name and stroke file JSON.
pub const DEMO_SIGNATURES: &[(&str, &str)] = &[
    ("anne", include_str!("../../../assets/demo/signatures/anne.json")),
    ("bo", include_str!("../../../assets/demo/signatures/bo.json")),
];
