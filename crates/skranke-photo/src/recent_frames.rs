//! The best frame of the last moments: while the preview runs, the live analysis scores each
//! frame (eyes open, frontal, sharp) and [`RecentFrames`] keeps the frames that could still be the
//! best one of the last [`BEST_FRAME_WINDOW_MS`]; "Tag foto" and auto-capture then check that
//! frame instead of whatever the shutter hit (a blink at the press).
//!
//! The choice is deterministic and easy to explain: a frame's [`FrameRank`] is what it meets, in
//! order of importance (eyes open, then frontal, then sharp); the highest rank wins and among
//! equals the newest. So a frame that is met or beaten by a newer one can never be chosen again,
//! and only a falling staircase of ranks is kept: at most [`MAX_KEPT`] frames, however long the
//! preview runs, each shared with the preview (no copy). A frame older than the window (counted
//! back from the frame at the press) or seen before the face changed is never chosen.
use serde::Serialize;
use skranke_core::PhotoThresholds;
use std::collections::VecDeque;

/// How far back "Tag foto" looks for a better frame: about the last 3 seconds.
pub const BEST_FRAME_WINDOW_MS: u64 = 3000;

/// The most frames kept: one per rank (three criteria met or not), since a frame is dropped as
/// soon as a newer one ranks as high.
pub const MAX_KEPT: usize = 8;

/// What the live analysis measured on one frame for choosing the best one. `face_track` names the
/// continuous sighting of one face: it changes when the face is lost or looks different (another
/// person), so a frame of the person before is never chosen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FrameScore {
    /// Lid gap over eye width of the less open eye (the eye model, as the still check's
    /// `eyes_open`); `None` on the frames the eyes were not measured (the live analysis measures
    /// them every few frames) or could not be placed.
    pub eyes_open: Option<f64>,
    /// Head turn, degrees.
    pub yaw_deg: f64,
    /// Head nod, degrees.
    pub pitch_deg: f64,
    /// Head tilt, degrees.
    pub roll_deg: f64,
    /// The face box's sharpness (the live `sharpness` measure).
    pub sharpness: Option<f64>,
    /// The sighting of the face this frame belongs to (see the type's doc).
    pub face_track: u64,
}

impl FrameScore {
    /// What the frame meets, judged by the still check's limits.
    pub fn rank(&self, t: &PhotoThresholds) -> FrameRank {
        FrameRank {
            eyes_open: self.eyes_open.is_some_and(|e| e >= t.min_eye_aspect_ratio),
            frontal: self.yaw_deg.abs() <= t.max_yaw_deg
                && self.pitch_deg.abs() <= t.max_pitch_deg
                && self.roll_deg.abs() <= t.max_roll_deg,
            sharp: self.sharpness.is_some_and(|s| s >= t.min_sharpness),
        }
    }
}

/// What a frame meets, compared in field order: eyes open matter most (a blink cannot be fixed by
/// cropping), then a frontal pose, then sharpness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FrameRank {
    /// Both eyes open by the still check's limit.
    pub eyes_open: bool,
    /// Yaw, pitch and roll within the still check's limits.
    pub frontal: bool,
    /// The face sharp enough by the still check's limit.
    pub sharp: bool,
}

/// One kept frame.
#[derive(Debug, Clone)]
struct Kept<F> {
    frame: F,
    seq: u64,
    at_ms: u64,
    rank: FrameRank,
    face_track: u64,
}

/// The frame chosen for the photo and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenFrame<F> {
    /// The frame.
    pub frame: F,
    /// Its sequence number.
    pub seq: u64,
    /// How long before the frame at the press it was captured, ms (0: the frame at the press).
    pub before_press_ms: u64,
    /// What it meets.
    pub rank: FrameRank,
}

/// The frames of the last moments that could still be the best, with their ranks (see the
/// module's doc). `F` is the caller's frame handle (the preview keeps `Arc<Frame>`).
#[derive(Debug, Clone)]
pub struct RecentFrames<F> {
    window_ms: u64,
    kept: VecDeque<Kept<F>>,
}

impl<F> Default for RecentFrames<F> {
    fn default() -> Self {
        Self::new(BEST_FRAME_WINDOW_MS)
    }
}

impl<F> RecentFrames<F> {
    /// An empty history looking back `window_ms`.
    pub fn new(window_ms: u64) -> Self {
        Self { window_ms, kept: VecDeque::with_capacity(MAX_KEPT) }
    }
}

impl<F: Clone> RecentFrames<F> {
    /// Adds an analysed frame captured at `at_ms` (any clock that only moves forward, the
    /// caller's). `score` is `None` when the frame is no candidate (no face, or several): it
    /// keeps nothing new, and a lost face ends the sighting, so everything before it goes.
    pub fn push(&mut self, frame: F, seq: u64, at_ms: u64, score: Option<&FrameScore>, t: &PhotoThresholds) {
        let Some(score) = score else {
            self.kept.clear();
            return;
        };
        if self.kept.back().is_some_and(|k| k.face_track != score.face_track) {
            self.kept.clear();
        }
        let rank = score.rank(t);
        // Everything the new frame meets or beats can never win again: it is older.
        while self.kept.back().is_some_and(|k| k.rank <= rank) {
            self.kept.pop_back();
        }
        self.kept.push_back(Kept { frame, seq, at_ms, rank, face_track: score.face_track });
        self.drop_older_than(at_ms);
        // The ranks fall from front to back, so this never drops a frame while the ranks are
        // fewer than MAX_KEPT; it bounds the memory whatever happens.
        while self.kept.len() > MAX_KEPT {
            self.kept.pop_front();
        }
    }

    /// Forgets every frame (the face changed, the preview restarted).
    pub fn clear(&mut self) {
        self.kept.clear();
    }

    /// The best frame for a press whose newest frame was captured at `press_at_ms`: the highest
    /// rank, the newest among equals, within the window before the press; `None` when no
    /// analysed frame qualifies (then the caller takes the frame at the press).
    pub fn best(&self, press_at_ms: u64) -> Option<ChosenFrame<F>> {
        let from = press_at_ms.saturating_sub(self.window_ms);
        self.kept
            .iter()
            .filter(|k| k.at_ms >= from && k.at_ms <= press_at_ms)
            .max_by(|a, b| a.rank.cmp(&b.rank).then(a.at_ms.cmp(&b.at_ms)).then(a.seq.cmp(&b.seq)))
            .map(|k| ChosenFrame {
                frame: k.frame.clone(),
                seq: k.seq,
                before_press_ms: press_at_ms - k.at_ms,
                rank: k.rank,
            })
    }

    /// How many frames are kept (at most [`MAX_KEPT`]).
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    /// Whether no frame is kept.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    fn drop_older_than(&mut self, now_ms: u64) {
        let from = now_ms.saturating_sub(self.window_ms);
        while self.kept.front().is_some_and(|k| k.at_ms < from) {
            self.kept.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FPS_MS: u64 = 33;

    fn score(eyes: f64, yaw: f64, sharp: f64, track: u64) -> FrameScore {
        FrameScore {
            eyes_open: Some(eyes),
            yaw_deg: yaw,
            pitch_deg: 0.0,
            roll_deg: 0.0,
            sharpness: Some(sharp),
            face_track: track,
        }
    }

    fn t() -> PhotoThresholds {
        PhotoThresholds::default()
    }

    fn open() -> FrameScore {
        let t = t();
        score(t.min_eye_aspect_ratio + 0.1, 0.0, t.min_sharpness + 10.0, 1)
    }

    fn blink() -> FrameScore {
        FrameScore { eyes_open: Some(0.02), ..open() }
    }

    /// 30 frames a second from `from_ms`, `n` of them, each `s`; the frame is its seq.
    fn feed(h: &mut RecentFrames<u64>, first_seq: u64, n: u64, s: &FrameScore) {
        for seq in first_seq..first_seq + n {
            h.push(seq, seq, seq * FPS_MS, Some(s), &t());
        }
    }

    #[test]
    fn a_blink_at_the_press_loses_to_open_eyes_a_second_earlier() {
        let mut h = RecentFrames::default();
        feed(&mut h, 0, 60, &open()); // 2 s of open eyes, frames 0..=59
        feed(&mut h, 60, 9, &blink()); // then a 0.3 s blink up to the press, frames 60..=68
        let press = 68 * FPS_MS;
        let chosen = h.best(press).expect("a frame");
        assert_eq!(chosen.seq, 59, "the newest frame with open eyes, just before the blink");
        assert_eq!(chosen.before_press_ms, 9 * FPS_MS);
        assert_eq!(chosen.rank, FrameRank { eyes_open: true, frontal: true, sharp: true });

        // The blink 1 s before the press, open eyes at the press: the press frame itself.
        let mut h = RecentFrames::default();
        feed(&mut h, 0, 10, &blink());
        feed(&mut h, 10, 30, &open());
        assert_eq!(h.best(39 * FPS_MS).map(|c| (c.seq, c.before_press_ms)), Some((39, 0)));
    }

    #[test]
    fn eyes_matter_more_than_pose_and_pose_more_than_sharpness() {
        let t = t();
        let turned = FrameScore { yaw_deg: t.max_yaw_deg + 3.0, ..open() };
        let blurred = FrameScore { sharpness: Some(t.min_sharpness / 2.0), ..open() };
        let mut h = RecentFrames::default();
        h.push("turned", 1, 100, Some(&turned), &t);
        h.push("blink", 2, 200, Some(&blink()), &t);
        assert_eq!(h.best(200).map(|c| c.frame), Some("turned"), "open eyes, turned, beat a frontal blink");
        h.push("blurred", 3, 300, Some(&blurred), &t);
        assert_eq!(h.best(300).map(|c| c.frame), Some("blurred"), "frontal beats sharp");
        h.push("good", 4, 400, Some(&open()), &t);
        assert_eq!(h.best(400).map(|c| c.frame), Some("good"));
        assert_eq!(h.len(), 1, "the good frame met everything kept before it");
    }

    #[test]
    fn equal_ranks_go_to_the_newest() {
        let mut h = RecentFrames::default();
        feed(&mut h, 0, 20, &open());
        assert_eq!(h.best(19 * FPS_MS).map(|c| c.seq), Some(19));
        assert_eq!(h.len(), 1);
        // Asked for an earlier press, the newest frame up to that press.
        let mut h = RecentFrames::default();
        feed(&mut h, 0, 5, &blink());
        assert_eq!(h.best(4 * FPS_MS).map(|c| c.seq), Some(4));
    }

    #[test]
    fn frames_older_than_the_window_are_never_chosen() {
        let mut h = RecentFrames::default();
        feed(&mut h, 0, 1, &open()); // at 0 ms
        feed(&mut h, 1, 100, &blink()); // 33 ms .. 3.3 s
        let press = 100 * FPS_MS;
        assert!(press > BEST_FRAME_WINDOW_MS);
        let chosen = h.best(press).expect("a frame");
        assert_eq!(chosen.seq, 100, "the open frame is 3.3 s old: the newest blink frame instead");
        assert!(!chosen.rank.eyes_open);
        // Also when nothing newer pushed it out: the press is what counts.
        let mut h = RecentFrames::default();
        h.push(0, 0, 0, Some(&open()), &t());
        assert!(h.best(BEST_FRAME_WINDOW_MS + 1).is_none());
        assert_eq!(h.best(BEST_FRAME_WINDOW_MS).map(|c| c.before_press_ms), Some(BEST_FRAME_WINDOW_MS));
    }

    #[test]
    fn a_frame_from_before_the_face_changed_or_was_lost_is_never_chosen() {
        let mut h = RecentFrames::default();
        feed(&mut h, 0, 10, &open());
        let someone_else = FrameScore { face_track: 2, ..blink() };
        h.push(10, 10, 10 * FPS_MS, Some(&someone_else), &t());
        assert_eq!(h.best(10 * FPS_MS).map(|c| c.seq), Some(10));
        assert_eq!(h.len(), 1);

        let mut h = RecentFrames::default();
        feed(&mut h, 0, 10, &open());
        h.push(10, 10, 10 * FPS_MS, None, &t());
        assert!(h.best(10 * FPS_MS).is_none(), "no face: nothing to choose, the caller takes the press frame");
        feed(&mut h, 11, 2, &blink());
        assert_eq!(h.best(12 * FPS_MS).map(|c| c.seq), Some(12));
    }

    #[test]
    fn memory_stays_bounded_whatever_the_scores() {
        let t = t();
        let mut h = RecentFrames::default();
        // Every combination of the three criteria, best first: a falling staircase, all kept.
        let mut seq = 0;
        for eyes in [true, false] {
            for frontal in [true, false] {
                for sharp in [true, false] {
                    let s = FrameScore {
                        eyes_open: Some(if eyes { 0.5 } else { 0.0 }),
                        yaw_deg: if frontal { 0.0 } else { 45.0 },
                        sharpness: Some(if sharp { t.min_sharpness * 2.0 } else { 0.0 }),
                        ..open()
                    };
                    h.push(seq, seq, seq * FPS_MS, Some(&s), &t);
                    seq += 1;
                }
            }
        }
        assert_eq!(h.len(), MAX_KEPT);
        assert_eq!(h.best(seq * FPS_MS).map(|c| c.seq), Some(0));
        for seq in seq..seq + 10_000 {
            let s = if seq % 7 == 0 { open() } else { blink() };
            h.push(seq, seq, seq * FPS_MS, Some(&s), &t);
            assert!(h.len() <= MAX_KEPT);
        }
        assert!(h.len() <= 2, "at most the last open frame and the newest blink after it");
        h.clear();
        assert!(h.is_empty());
    }
}
