//! The cap on what waits (issue 16.4): captures that have not reached the gateway, queued or
//! being sent. Over `[outbox] max_unsent`, or with the oldest older than `max_unsent_hours`, the
//! header's [`Status`](super::Status) carries an [`OverCap`] (red for everyone, the numbers for
//! supervisors); with `block_new_when_over` no new case opens until the queue is sent
//! ([`Code::OutboxOverCap`]). A case already open can still be sent: only opening is refused.
use super::Sender;
use super::json::{OverCap, OverCapReason};
use crate::skranke::Context;
use crate::{ApiError, Code};
use skranke_config::OutboxConfig;
use skranke_store::OutboxStatus;

const SECONDS_PER_HOUR: u64 = 3600;

/// Whether the outbox `counts` are over the cap `cfg` sets, and why. Strictly more than the
/// limits: `max_unsent` captures waiting is still within the cap.
pub(crate) fn over_cap(counts: &OutboxStatus, cfg: &OutboxConfig) -> Option<OverCap> {
    let unsent = counts.queued + counts.sending;
    let max_unsent = u64::from(cfg.max_unsent);
    let max_hours = u64::from(cfg.max_unsent_hours);
    let oldest_s = counts.oldest_queued_age_s;
    let reason = if unsent > max_unsent {
        OverCapReason::Count
    } else if oldest_s.is_some_and(|s| s > max_hours * SECONDS_PER_HOUR) {
        OverCapReason::Age
    } else {
        return None;
    };
    Some(OverCap { reason, unsent, max_unsent, oldest_hours: oldest_s.map(|s| s / SECONDS_PER_HOUR), max_hours })
}

impl Sender {
    /// Refuses to open a new case while the outbox is over its cap and `[outbox]
    /// block_new_when_over` is set ([`Code::OutboxOverCap`]); otherwise does nothing (and does not
    /// read the outbox).
    pub(crate) fn refuse_new_case_over_cap(&self, ctx: &Context) -> Result<(), ApiError> {
        let cfg = &ctx.config.outbox;
        if !cfg.block_new_when_over {
            return Ok(());
        }
        let Some(over) = over_cap(&self.queue_status(ctx)?, cfg) else {
            return Ok(());
        };
        tracing::warn!(reason = ?over.reason, unsent = over.unsent, oldest_hours = ?over.oldest_hours, "case_open refused: the outbox is over its cap");
        let why = match over.reason {
            OverCapReason::Count => format!("{} captures unsent, at most {}", over.unsent, over.max_unsent),
            OverCapReason::Age => format!("the oldest unsent capture is older than {} hours", over.max_hours),
        };
        Err(ApiError::new(
            Code::OutboxOverCap,
            format!("the outbox is over its cap ({why}): new cases wait until the queue is sent"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(queued: u64, sending: u64, oldest_queued_age_s: Option<u64>) -> OutboxStatus {
        OutboxStatus { queued, sending, oldest_queued_age_s, rejected: 9, dead: 9, ..Default::default() }
    }

    fn cap(max_unsent: u32, max_unsent_hours: u32) -> OutboxConfig {
        OutboxConfig { max_unsent, max_unsent_hours, block_new_when_over: false }
    }

    #[test]
    fn at_the_limits_is_within_the_cap() {
        assert_eq!(over_cap(&counts(1, 1, Some(2 * 3600)), &cap(2, 2)), None);
        assert_eq!(over_cap(&counts(0, 0, None), &cap(1, 1)), None);
    }

    #[test]
    fn one_more_unsent_is_over_by_count_counting_sending_and_not_rejected_or_dead() {
        let over = over_cap(&counts(2, 1, Some(60)), &cap(2, 24)).expect("over");
        assert_eq!(
            over,
            OverCap { reason: OverCapReason::Count, unsent: 3, max_unsent: 2, oldest_hours: Some(0), max_hours: 24 }
        );
    }

    #[test]
    fn one_second_past_the_hours_is_over_by_age() {
        let over = over_cap(&counts(1, 0, Some(3 * 3600 + 1)), &cap(200, 3)).expect("over");
        assert_eq!(
            over,
            OverCap { reason: OverCapReason::Age, unsent: 1, max_unsent: 200, oldest_hours: Some(3), max_hours: 3 }
        );
    }

    #[test]
    fn count_is_the_reason_when_both_are_exceeded() {
        let over = over_cap(&counts(5, 0, Some(100 * 3600)), &cap(2, 1)).expect("over");
        assert_eq!((over.reason, over.oldest_hours), (OverCapReason::Count, Some(100)));
    }

    #[test]
    fn serializes_in_camel_case_with_lowercase_reason() {
        let over = over_cap(&counts(3, 0, Some(7200)), &cap(2, 24)).expect("over");
        assert_eq!(
            serde_json::to_value(&over).expect("json"),
            serde_json::json!({"reason": "count", "unsent": 3, "maxUnsent": 2, "oldestHours": 2, "maxHours": 24})
        );
    }
}
