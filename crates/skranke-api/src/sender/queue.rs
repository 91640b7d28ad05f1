//! The queue as the clerk, the header and `skranke queue` see it: counts, the list of today's
//! captures, "Prøv igen nu", and draining until nothing is left to send.
use super::Sender;
use super::views::QueueItemView;
use crate::ApiError;
use crate::case_desk::CaseDesk;
use crate::skranke::Context;
use skranke_store::{ListFilter, OutboxState, OutboxStatus};
use std::time::Duration;

impl Sender {
    /// Waits until something may be due: a capture was stored, "Prøv igen nu" was pressed, or
    /// `max` has passed (the background task's tick).
    pub(crate) async fn wait(&self, max: Duration) {
        let _ = tokio::time::timeout(max, self.wakeup.notified()).await;
    }

    /// Counts per state and the age of the oldest queued capture (`skranke queue status`).
    pub(crate) fn queue_status(&self, ctx: &Context) -> Result<OutboxStatus, ApiError> {
        let now = ctx.clock.now();
        self.with_outbox(ctx, |o| o.status(now))
    }

    /// The newest captures in the outbox, optionally only some states (`skranke queue list`, the
    /// list of today's captures). `limit` comes from the webview or `--limit`: outside 1 to
    /// [`ListFilter::MAX_LIMIT`] it is refused (`store_list_limit_out_of_range`).
    pub(crate) fn queue_list(
        &self,
        ctx: &Context,
        states: Vec<OutboxState>,
        limit: Option<u32>,
    ) -> Result<Vec<QueueItemView>, ApiError> {
        let items = self.with_outbox(ctx, |o| o.list(&ListFilter { states, limit }))?;
        Ok(items.iter().map(QueueItemView::from).collect())
    }

    /// "Prøv igen nu": a queued capture becomes due at once, a dead one goes back to the queue;
    /// with no id, every queued capture becomes due. Wakes the sender.
    pub(crate) fn queue_retry(&self, ctx: &Context, capture_id: Option<&str>) -> Result<u32, ApiError> {
        let now = ctx.clock.now();
        let ids: Vec<String> = match capture_id {
            Some(id) => vec![id.to_string()],
            None => self
                .with_outbox(ctx, |o| {
                    o.list(&ListFilter { states: vec![OutboxState::Queued], limit: Some(ListFilter::MAX_LIMIT) })
                })?
                .into_iter()
                .map(|i| i.capture_id)
                .collect(),
        };
        for id in &ids {
            self.with_outbox(ctx, |o| o.retry_now(id, now))?;
        }
        self.wakeup.notify_one();
        Ok(ids.len() as u32)
    }

    /// `skranke queue drain`: runs passes until nothing is queued or sending, or `timeout` passes;
    /// returns the final counts.
    pub(crate) async fn queue_drain(
        &self,
        ctx: &Context,
        desk: &CaseDesk,
        timeout: Duration,
    ) -> Result<OutboxStatus, ApiError> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            self.pass(ctx, desk).await?;
            let status = self.queue_status(ctx)?;
            if status.queued == 0 && status.sending == 0 {
                return Ok(status);
            }
            if self.gateway.is_err() || tokio::time::Instant::now() >= deadline {
                return Ok(status);
            }
            let next = self.next_due_in(ctx)?.min(Duration::from_secs(1)).max(Duration::from_millis(50));
            tokio::time::sleep(next.min(deadline.saturating_duration_since(tokio::time::Instant::now()))).await;
        }
    }

    /// Time until the earliest queued capture is due (zero when one is due now).
    fn next_due_in(&self, ctx: &Context) -> Result<Duration, ApiError> {
        let items = self.with_outbox(ctx, |o| {
            o.list(&ListFilter { states: vec![OutboxState::Queued], limit: Some(ListFilter::MAX_LIMIT) })
        })?;
        let now = ctx.clock.now();
        let soonest = items
            .iter()
            .filter_map(|i| chrono::DateTime::parse_from_rfc3339(&i.next_attempt_at).ok())
            .map(|t| (t.with_timezone(&chrono::Utc) - now).to_std().unwrap_or(Duration::ZERO))
            .min();
        Ok(soonest.unwrap_or(Duration::from_secs(1)))
    }
}
