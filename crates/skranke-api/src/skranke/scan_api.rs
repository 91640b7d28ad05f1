//! The façade's scanning part (issue 19): the scan inbox, a page's crops and checks, accepting a
//! scanned card on the open case and setting a file aside. Rules in [`crate::scan_desk`]; Send is
//! the counter's ([`Skranke::send_case`]).
use super::Skranke;
use crate::ApiError;
use crate::scan_desk::{Corners, ScanInboxView, ScanPageView};
use crate::session::Operation;
use std::path::Path;

impl Skranke {
    /// The scan inbox; also looks at the watched folder (`[scan] watch_dir`) for new files.
    pub fn scan_inbox(&self) -> Result<ScanInboxView, ApiError> {
        self.session.require(&self.ctx, Operation::ScanWork)?;
        self.scan.inbox(&self.ctx, &self.sender, self.photo.models()?)
    }

    /// Adds a scanner's file chosen in the app to the inbox (it stays where it is).
    pub fn scan_open_file(&self, path: &Path) -> Result<ScanInboxView, ApiError> {
        self.session.require(&self.ctx, Operation::ScanWork)?;
        self.scan.open_file(&self.ctx, &self.sender, self.photo.models()?, path)
    }

    /// One page with its proposed crops, the cuts and their checks.
    pub fn scan_page(&self, file_id: &str, page: u32) -> Result<ScanPageView, ApiError> {
        self.session.require(&self.ctx, Operation::ScanWork)?;
        self.scan.page(&self.ctx, self.photo.models()?, file_id, page)
    }

    /// The page cut and checked again with the crops the clerk adjusted.
    pub fn scan_adjust(
        &self,
        file_id: &str,
        page: u32,
        photo: Corners,
        signature: Corners,
    ) -> Result<ScanPageView, ApiError> {
        self.session.require(&self.ctx, Operation::ScanWork)?;
        self.scan.adjust(&self.ctx, self.photo.models()?, file_id, page, photo, signature)
    }

    /// Puts the page's photo and signature on the open case (a failing one with its reason); Send
    /// then queues it as a `source = scan` capture.
    pub fn scan_accept(
        &self,
        file_id: &str,
        page: u32,
        photo_override: Option<&str>,
        signature_override: Option<&str>,
    ) -> Result<crate::json::CaseView, ApiError> {
        let user = self.session.require(&self.ctx, Operation::ScanWork)?;
        let models = self.photo.models()?;
        self.scan.accept(&self.ctx, models, &self.desk, &user.id, file_id, page, photo_override, signature_override)?;
        self.desk.current_view(&self.ctx)?.ok_or_else(|| ApiError::new(crate::Code::NoOpenCase, "no case is open"))
    }

    /// Sets a file aside with the clerk's reason (a watched-folder file goes to `failed/`).
    pub fn scan_reject(&self, file_id: &str, reason: &str) -> Result<ScanInboxView, ApiError> {
        let user = self.session.require(&self.ctx, Operation::ScanWork)?;
        self.scan.reject(&self.ctx, &user.id, file_id, reason)?;
        self.scan.inbox(&self.ctx, &self.sender, self.photo.models()?)
    }
}
