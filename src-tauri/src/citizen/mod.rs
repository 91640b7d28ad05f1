//! The citizen-facing window (`[ui] citizen_display = true`): a second window, on the second
//! monitor when there is one, that shows the citizen the live preview with the oval and plain
//! Danish guidance, the taken photo, the signature as it is drawn, and a welcome between citizens.
//!
//! **Privacy by data flow:** the window never gets the main window's views. The shell publishes
//! to it from the commands the main window calls ([`CitizenDisplay`]), only through one small
//! payload type, [`CitizenView`] (hint codes, the oval, images, ink points), and the preview's
//! frame bytes; its capability (capabilities/citizen.json) allows only `citizen_listen`.
#[cfg(test)]
mod capability;
mod commands;
mod display;
mod view;
mod window;

pub use commands::{CITIZEN_COMMANDS, handler};
pub use display::CitizenDisplay;
pub use window::{close, open};
