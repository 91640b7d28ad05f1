//! The façade's review part (issue 16): the supervisor's queue, detail and decisions with a
//! step-up confirmation, and the clerks' returned cases. Rules in [`crate::review`].
use super::Skranke;
use crate::review::{ReturnedCaseView, ReviewDetailView, ReviewItemView, ReviewQueueView};
use crate::session::{Operation, SignInStarted, User};
use crate::{ApiError, Code};
use skranke_config::Mode;

impl Skranke {
    /// The review queue, oldest first, with counts by cause (supervisors; IT on the command line).
    pub fn review_queue(&self) -> Result<ReviewQueueView, ApiError> {
        self.session.require(&self.ctx, Operation::ReviewRead)?;
        crate::review::queue(&self.ctx, &self.sender)
    }

    /// How many captures wait for review, for the supervisor's header; `None` for other roles.
    pub fn review_waiting(&self) -> Result<Option<u64>, ApiError> {
        let user = match self.session.current() {
            Ok(u) => u,
            Err(_) => return Ok(None),
        };
        if !Operation::ReviewRead.allows(user.role) {
            return Ok(None);
        }
        crate::review::waiting_count(&self.ctx, &self.sender).map(Some)
    }

    /// One waiting capture in detail: photo and signature with their checks, the clerk's
    /// reasons, the gateway's or producer's reasons and its history. Audited (`review_view`).
    pub fn review_show(&self, capture_id: &str) -> Result<ReviewDetailView, ApiError> {
        let user = self.session.require(&self.ctx, Operation::ReviewRead)?;
        crate::review::show(&self.ctx, &self.sender, &user, capture_id)
    }

    /// Decides on a waiting capture: `approve` (overrides only), `return` or `discard`, with a
    /// written reason; never by the clerk who made it, and only with a fresh confirmation (a
    /// sign-in or step-up at most five minutes old, used up by this decision).
    pub fn review_decide(&self, capture_id: &str, decision: &str, reason: &str) -> Result<ReviewItemView, ApiError> {
        let user = self.session.require(&self.ctx, Operation::ReviewDecide)?;
        let decision = crate::review::parse_decision(decision)?;
        crate::review::decide(&self.ctx, &self.sender, &user, capture_id, decision, reason, || {
            self.session.take_confirmation(&self.ctx)
        })
    }

    /// Step-up, production: the identity provider's address for a fresh sign-in of the same user
    /// (then [`Skranke::review_confirm_finish`]).
    pub async fn review_confirm_start(&self) -> Result<SignInStarted, ApiError> {
        self.session.require(&self.ctx, Operation::ReviewDecide)?;
        let authorize_url = self.session.provider.start(&self.ctx).await?;
        Ok(SignInStarted { authorize_url })
    }

    /// Step-up, production: waits for the browser and confirms the signed-in user (someone else:
    /// [`Code::StepUpWrongUser`]).
    pub async fn review_confirm_finish(&self) -> Result<User, ApiError> {
        let verified = self.session.provider.finish(&self.ctx).await?;
        self.session.confirm(&self.ctx, verified)
    }

    /// Step-up in demo mode: the demo supervisor confirms by choosing their role again (refused in
    /// production).
    pub fn review_confirm_demo(&self) -> Result<User, ApiError> {
        let user = self.session.require(&self.ctx, Operation::ReviewDecide)?;
        if self.ctx.config.mode == Mode::Production {
            return Err(ApiError::new(Code::DemoSignInRefused, "confirm through the identity provider"));
        }
        self.session.confirm(&self.ctx, crate::session::demo_sign_in(user.role, Some(&user.name)))
    }

    /// The open returned cases ("Returnerede sager"), oldest first.
    pub fn returned_cases(&self) -> Result<Vec<ReturnedCaseView>, ApiError> {
        self.session.require(&self.ctx, Operation::ReturnedCases)?;
        crate::review::returned(&self.ctx, &self.sender)
    }

    /// The returned cases of the open case's person: the new capture starts from them.
    pub fn case_returned(&self) -> Result<Vec<ReturnedCaseView>, ApiError> {
        self.session.require(&self.ctx, Operation::CaseView)?;
        let person = self.desk.with_open(|c| c.map(|c| c.number))?;
        match person {
            Some(p) => crate::review::returned_for(&self.ctx, &self.sender, &p),
            None => Ok(Vec::new()),
        }
    }

    /// "Borger informeret" on a returned case, with how the citizen was told.
    pub fn returned_inform(&self, capture_id: &str, citizen_told: &str) -> Result<ReturnedCaseView, ApiError> {
        let user = self.session.require(&self.ctx, Operation::ReturnedCases)?;
        crate::review::inform(&self.ctx, &self.sender, &user, capture_id, citizen_told)
    }
}
