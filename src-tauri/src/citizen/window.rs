//! Opens the citizen window: full size on a monitor other than the main window's when there is
//! one (Tauri's `available_monitors`), else beside the main window.
use tauri::{AppHandle, Manager, PhysicalPosition, PhysicalSize, WebviewUrl, WebviewWindowBuilder};

/// The citizen window's label (its capability, capabilities/citizen.json, names it).
pub const CITIZEN_LABEL: &str = "citizen";
/// Its title.
const TITLE: &str = "Skranke – borger";
/// Its size beside the main window (physical pixels), when there is no second monitor.
const BESIDE_SIZE: (u32, u32) = (800, 600);
/// The main window's size in tauri.conf.json, for a main window not yet mapped.
const MAIN_SIZE: (u32, u32) = (1280, 800);

/// A rectangle on the desktop, physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Area {
    fn contains_centre_of(&self, other: &Area) -> bool {
        let (cx, cy) =
            (i64::from(other.x) + i64::from(other.width) / 2, i64::from(other.y) + i64::from(other.height) / 2);
        (i64::from(self.x)..i64::from(self.x) + i64::from(self.width)).contains(&cx)
            && (i64::from(self.y)..i64::from(self.y) + i64::from(self.height)).contains(&cy)
    }
}

/// Where the citizen window goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Fills this monitor (maximised on it).
    OtherMonitor(Area),
    /// This area, to the right of the main window.
    Beside(Area),
}

/// The first monitor that does not hold the main window's centre; else the area beside it.
pub fn placement(monitors: &[Area], main: Area) -> Placement {
    match monitors.iter().find(|m| !m.contains_centre_of(&main)) {
        Some(m) if monitors.len() > 1 => Placement::OtherMonitor(*m),
        _ => Placement::Beside(Area {
            x: main.x.saturating_add(i32::try_from(main.width).unwrap_or(i32::MAX)),
            y: main.y,
            width: BESIDE_SIZE.0,
            height: BESIDE_SIZE.1,
        }),
    }
}

/// Opens the citizen window (citizen.html of the UI) without taking the focus from the main window.
pub fn open(app: &AppHandle) -> tauri::Result<()> {
    let main = app.get_webview_window("main");
    let main_area = match &main {
        // Not mapped yet (no size): tauri.conf.json's 1280 x 800 at its position.
        Some(w) => {
            let (p, s) = (w.outer_position()?, w.outer_size()?);
            let (width, height) = if s.width == 0 || s.height == 0 { MAIN_SIZE } else { (s.width, s.height) };
            Area { x: p.x, y: p.y, width, height }
        }
        None => Area { x: 0, y: 0, width: MAIN_SIZE.0, height: MAIN_SIZE.1 },
    };
    let monitors: Vec<Area> = app
        .available_monitors()?
        .iter()
        .map(|m| Area { x: m.position().x, y: m.position().y, width: m.size().width, height: m.size().height })
        .collect();
    let place = placement(&monitors, main_area);
    let window = WebviewWindowBuilder::new(app, CITIZEN_LABEL, WebviewUrl::App("citizen.html".into()))
        .title(TITLE)
        .visible(false)
        .focused(false)
        // Only the app closes it (with the main window): a citizen cannot end it by accident.
        .closable(false)
        .build()?;
    let area = match place {
        Placement::OtherMonitor(a) | Placement::Beside(a) => a,
    };
    window.set_position(PhysicalPosition::new(area.x, area.y))?;
    window.set_size(PhysicalSize::new(area.width, area.height))?;
    window.show()?;
    if matches!(place, Placement::OtherMonitor(_)) {
        window.maximize()?;
    }
    tracing::info!(?place, "citizen window opened");
    Ok(())
}

/// Closes the citizen window, when the main window has gone (so the app ends).
pub fn close(app: &AppHandle) {
    if let Some(w) = app.get_webview_window(CITIZEN_LABEL)
        && let Err(e) = w.destroy()
    {
        tracing::warn!(error = %e, "cannot close the citizen window");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEFT: Area = Area { x: 0, y: 0, width: 1920, height: 1080 };
    const RIGHT: Area = Area { x: 1920, y: 0, width: 1280, height: 1024 };

    #[test]
    fn a_second_monitor_gets_the_window() {
        let main = Area { x: 100, y: 100, width: 1280, height: 800 };
        assert_eq!(placement(&[LEFT, RIGHT], main), Placement::OtherMonitor(RIGHT));
        let main_on_right = Area { x: 2000, y: 50, width: 1024, height: 700 };
        assert_eq!(placement(&[LEFT, RIGHT], main_on_right), Placement::OtherMonitor(LEFT));
    }

    #[test]
    fn one_monitor_puts_it_beside_the_main_window() {
        let main = Area { x: 10, y: 20, width: 1280, height: 800 };
        assert_eq!(placement(&[LEFT], main), Placement::Beside(Area { x: 1290, y: 20, width: 800, height: 600 }));
        assert_eq!(placement(&[], main), Placement::Beside(Area { x: 1290, y: 20, width: 800, height: 600 }));
    }
}
