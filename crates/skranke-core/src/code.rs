//! Stable error and notice codes: the only thing the UI and scripts match on.
//!
//! The codes live here, at the bottom of the workspace, so that every library error can say its
//! code as a typed value (`fn code(&self) -> Code`) and no code ever crosses a crate as a string.
//! Each code has exactly one Danish (and English) text, in `ui/src/lib/i18n/`; the TypeScript
//! union `Code` in `ui/src/lib/generated/codes.ts` is generated from [`Code::ALL`] (see the test
//! `generated_typescript_is_current`), so a code without a text fails the UI type-check.

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, )*) => {
        /// A stable, machine-readable code for an error or a notice.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The snake_case string sent to the UI and printed by the CLI.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            /// Looks a code up by its wire string (a code stored in the outbox or read from JSON).
            pub fn from_str_code(s: &str) -> Option<Code> {
                match s { $($text => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    /// An unexpected failure; details are in the log.
    Internal = "internal",
    /// The configuration file is invalid (names key and line in the message).
    ConfigInvalid = "config_invalid",
    /// The configuration file cannot be read.
    ConfigUnreadable = "config_unreadable",
    /// Production mode lacks required settings.
    ProductionConfigIncomplete = "production_config_incomplete",
    /// The data directory cannot be created or written.
    DataDirUnwritable = "data_dir_unwritable",
    /// The action needs a signed-in user.
    NotSignedIn = "not_signed_in",
    /// The signed-in user's role does not allow the action (refused and audited).
    Forbidden = "forbidden",
    /// The feature is not part of this build yet.
    NotAvailable = "not_available",
    /// The session is locked (idle too long, the PC locked, or the clerk locked it): sign in again.
    SessionLocked = "session_locked",
    /// Too many failed sign-ins on this workstation: sign-in is locked for a while.
    SignInLockedOut = "sign_in_locked_out",
    /// Demo sign-in (choosing a role) is refused in production mode.
    DemoSignInRefused = "demo_sign_in_refused",
    /// The identity provider sign-in was cancelled in the browser (or in Skranke).
    SignInCancelled = "sign_in_cancelled",
    /// The browser step of the sign-in did not finish in time.
    SignInTimedOut = "sign_in_timed_out",
    /// No sign-in is under way to finish or cancel.
    SignInNotStarted = "sign_in_not_started",
    /// The identity provider cannot be reached (network, TLS, DNS).
    IdentityProviderUnreachable = "identity_provider_unreachable",
    /// The identity provider answered with something Skranke cannot use, or refused the sign-in.
    IdentityProviderRefused = "identity_provider_refused",
    /// The identity provider's token failed validation (signature, issuer, audience, nonce, state).
    SignInTokenRejected = "sign_in_token_rejected",
    /// The token's times do not fit this PC's clock: the PC's clock is probably wrong.
    SignInClockSkew = "sign_in_clock_skew",
    /// The user is in none of the groups that give a role in Skranke.
    SignInNoRole = "sign_in_no_role",
    /// A locked session can only be unlocked by the user who locked it ("Skift bruger" closes the case).
    UnlockWrongUser = "unlock_wrong_user",
    /// The operating-system account running the command cannot be determined.
    OsAccountUnknown = "os_account_unknown",
    /// The operating-system account is not in the IT group (`security.it_os_group`).
    OsAccountNotInItGroup = "os_account_not_in_it_group",
    /// CPR text is empty.
    CprEmpty = "cpr_empty",
    /// CPR text contains characters other than digits, spaces and one hyphen.
    CprInvalidCharacters = "cpr_invalid_characters",
    /// CPR text does not have ten digits.
    CprWrongLength = "cpr_wrong_length",
    /// The first six digits are not a date that exists.
    CprImpossibleDate = "cpr_impossible_date",
    /// The number lies in a range not issued yet.
    CprNotYetIssued = "cpr_not_yet_issued",
    /// The birth date the number gives lies after today.
    CprBirthDateInFuture = "cpr_birth_date_in_future",
    /// Notice: the number fails the modulus 11 check (normal since 2007).
    CprMod11Failed = "cpr_mod11_failed",
    /// The CPR service cannot be reached (network, TLS, 5xx).
    CprServiceUnavailable = "cpr_service_unavailable",
    /// The CPR service did not answer in time.
    CprServiceTimeout = "cpr_service_timeout",
    /// The CPR service knows no person with this number.
    CprNotFound = "cpr_not_found",
    /// The CPR service answered with a fault.
    CprSoapFault = "cpr_soap_fault",
    /// The CPR service's answer could not be understood.
    CprMalformedResponse = "cpr_malformed_response",
    /// The CPR service's answer is larger than `cpr.max_response_bytes`.
    CprResponseTooLarge = "cpr_response_too_large",
    /// The CPR service answered with a redirect (not followed): `cpr.endpoint` needs correcting.
    CprServiceRedirected = "cpr_service_redirected",
    /// The CPR service refused our client certificate.
    CprClientCertificateRejected = "cpr_client_certificate_rejected",
    /// The CPR service's certificate is not signed by the pinned CA.
    CprServerUntrusted = "cpr_server_untrusted",
    /// Our client certificate has expired.
    CertificateExpired = "certificate_expired",
    /// A certificate or key file cannot be read or is not valid PEM.
    CertificateUnreadable = "certificate_unreadable",
    /// Blocked: the person is registered as dead.
    CprPersonDead = "cpr_person_dead",
    /// Blocked: the person is annulled, deleted, disappeared or emigrated.
    CprPersonInactive = "cpr_person_inactive",
    /// Notice: the number has changed; the current number is used.
    CprNumberChanged = "cpr_number_changed",
    /// Notice: the person has no registered residence.
    CprNoResidence = "cpr_no_residence",
    /// Notice: the person has a protected address (never shown, logged or sent).
    CprProtectedAddress = "cpr_protected_address",
    /// Notice: the person is under guardianship.
    CprGuardianship = "cpr_guardianship",
    /// Notice: the case continues without CPR verification; lookup is repeated before sending.
    CprUnverified = "cpr_unverified",
    /// The case reference does not match the configured format.
    CaseRefInvalid = "case_ref_invalid",
    /// No case is open.
    NoOpenCase = "no_open_case",
    /// A signature check fails; the signature cannot be accepted.
    SignatureChecksFailed = "signature_checks_failed",
    /// The stroke file is not valid (format, values, size).
    SignatureFileInvalid = "signature_file_invalid",
    /// The stroke file cannot be read.
    SignatureFileUnreadable = "signature_file_unreadable",
    /// No signature pad is connected.
    PadNotFound = "pad_not_found",
    /// The signature pad cannot be opened (in use, or no access).
    PadUnavailable = "pad_unavailable",
    /// The open case is blocked; later steps are refused.
    CaseBlocked = "case_blocked",
    /// The signature pad disappeared during the signature.
    PadLost = "pad_lost",
    /// The signature image cannot be written.
    SignatureOutputUnwritable = "signature_output_unwritable",
    /// The image cannot be decoded (corrupt, truncated or unsupported).
    PhotoDecode = "photo_decode",
    /// The photo cannot be encoded as JPEG within the size cap.
    PhotoEncode = "photo_encode",
    /// An image file cannot be read or written.
    PhotoIo = "photo_io",
    /// The face model files are missing.
    PhotoModelMissing = "photo_model_missing",
    /// The face model failed to run.
    PhotoModelError = "photo_model_error",
    /// The image is larger than the app accepts.
    PhotoTooLarge = "photo_too_large",
    /// A stored capture cannot be decrypted (wrong key or damaged).
    StoreDecryptFailed = "store_decrypt_failed",
    /// The outbox master key cannot be read or created.
    StoreKeyUnavailable = "store_key_unavailable",
    /// The master key does not belong to this outbox.
    StoreKeyMismatch = "store_key_mismatch",
    /// Another program (Skranke itself) has the database open; the step needs it alone.
    StoreInUse = "store_in_use",
    /// A review decision needs a fresh confirmation of the supervisor (sign in again).
    ReviewConfirmationNeeded = "review_confirmation_needed",
    /// Someone else than the signed-in user answered the step-up confirmation.
    StepUpWrongUser = "step_up_wrong_user",
    /// Four eyes: nobody decides on a capture they made themselves.
    ReviewOwnCapture = "review_own_capture",
    /// A review decision needs a written reason (1 to 500 characters, no control characters).
    ReviewReasonInvalid = "review_reason_invalid",
    /// This decision is not possible for this capture (approve: overrides only), or it was
    /// decided already.
    ReviewDecisionNotAllowed = "review_decision_not_allowed",
    /// No capture with this id waits for review, or no returned case with this id.
    ReviewNotFound = "review_not_found",
    /// The support bundle cannot be written (folder missing or not writable, disk full).
    SupportBundleUnwritable = "support_bundle_unwritable",
    /// No capture with this id in the outbox.
    StoreNotFound = "store_not_found",
    /// The capture is not in a state that allows this.
    StoreInvalidState = "store_invalid_state",
    /// The file is not a capture bundle.
    BundleNotABundle = "bundle_not_a_bundle",
    /// The bundle has a format version this build does not read.
    BundleUnsupportedVersion = "bundle_unsupported_version",
    /// The bundle ends early.
    BundleTruncated = "bundle_truncated",
    /// The bundle has bytes after its end.
    BundleTrailingBytes = "bundle_trailing_bytes",
    /// The bundle or a part is larger than allowed.
    BundleTooLarge = "bundle_too_large",
    /// The bundle's manifest is not valid.
    BundleInvalidManifest = "bundle_invalid_manifest",
    /// A manifest field is not valid.
    BundleInvalidField = "bundle_invalid_field",
    /// The capture id is not a UUIDv7.
    BundleInvalidCaptureId = "bundle_invalid_capture_id",
    /// A part of the bundle is not valid.
    BundleInvalidPart = "bundle_invalid_part",
    /// A required part is missing from the bundle.
    BundleMissingPart = "bundle_missing_part",
    /// A part occurs twice.
    BundleDuplicatePart = "bundle_duplicate_part",
    /// The bundle holds an entry the manifest does not list.
    BundleUnexpectedEntry = "bundle_unexpected_entry",
    /// A part's SHA-256 differs from the manifest.
    BundleHashMismatch = "bundle_hash_mismatch",
    /// A part's size differs from the manifest.
    BundleSizeMismatch = "bundle_size_mismatch",
    /// A failing part needs an override reason.
    BundleOverrideRequired = "bundle_override_required",
    /// The override reason is empty.
    BundleEmptyOverrideReason = "bundle_empty_override_reason",
    /// The override reason is too long or holds a control character.
    BundleInvalidOverrideReason = "bundle_invalid_override_reason",
    /// The disk is full; nothing already stored was lost.
    StoreDiskFull = "store_disk_full",
    /// The local database cannot be used.
    StoreUnavailable = "store_unavailable",
    /// The local database is damaged.
    StoreCorrupt = "store_corrupt",
    /// A queue listing asked for no captures or more than a listing may hold.
    StoreListLimitOutOfRange = "store_list_limit_out_of_range",
    /// The gateway rejected the capture for good (it goes to supervisor review).
    GatewayRejected = "gateway_rejected",
    /// An upload of the same capture is still being processed by the gateway.
    GatewayInFlight = "gateway_in_flight",
    /// The gateway is busy and asked to retry later.
    GatewayRetryAfter = "gateway_retry_after",
    /// The gateway answered with a server error.
    GatewayServerError = "gateway_server_error",
    /// The gateway cannot be reached (network, timeout).
    GatewayUnreachable = "gateway_unreachable",
    /// The gateway refused our client certificate.
    GatewayClientCertificateRejected = "gateway_client_certificate_rejected",
    /// The gateway's certificate is not signed by the pinned CA.
    GatewayServerUntrusted = "gateway_server_untrusted",
    /// Our gateway client certificate has expired.
    GatewayCertificateExpired = "gateway_certificate_expired",
    /// The gateway client certificate, key or CA cannot be read.
    GatewayCertificateUnreadable = "gateway_certificate_unreadable",
    /// The gateway does not know this capture.
    GatewayUnknownCapture = "gateway_unknown_capture",
    /// The gateway answered something the contract does not allow.
    GatewayProtocolError = "gateway_protocol_error",
    /// The gateway's answer is larger than `gateway.max_response_bytes`.
    GatewayResponseTooLarge = "gateway_response_too_large",
    /// The gateway answered with a redirect (not followed): `gateway.endpoint` needs correcting.
    GatewayRedirected = "gateway_redirected",
    /// No gateway is configured or connected.
    GatewayNotConfigured = "gateway_not_configured",
    /// Notice: the client certificate expires soon.
    CertificateExpiresSoon = "certificate_expires_soon",
    /// The case lacks an accepted photo.
    PhotoMissing = "photo_missing",
    /// The case lacks an accepted signature.
    SignatureMissing = "signature_missing",
    /// A photo check fails; accepting needs a written reason.
    PhotoChecksFailed = "photo_checks_failed",
    /// The re-lookup before sending found the person blocked; the capture went to review.
    SendBlockedToReview = "send_blocked_to_review",
    /// Too many captures wait to be sent, or the oldest has waited too long (`[outbox]`
    /// `max_unsent`, `max_unsent_hours`), and `block_new_when_over` is set: no new case opens until
    /// the queue is sent; a case already open can still be sent.
    OutboxOverCap = "outbox_over_cap",
    /// No camera is connected.
    CameraNotFound = "camera_not_found",
    /// The camera is in use by another program.
    CameraBusy = "camera_busy",
    /// The camera was unplugged during the preview.
    CameraDisconnected = "camera_disconnected",
    /// The camera does not support the requested format or resolution.
    CameraUnsupported = "camera_unsupported",
    /// A camera frame could not be decoded.
    CameraDecode = "camera_decode",
    /// The recorded portraits for the replay camera cannot be used.
    CameraReplayInvalid = "camera_replay_invalid",
    /// A replayed camera (pictures from disk) was chosen outside demo mode.
    CameraReplayNotAllowed = "camera_replay_not_allowed",
    /// The camera could not be read.
    CameraIo = "camera_io",
    /// A scanner's file cannot be read (corrupt or truncated).
    ScanUnreadable = "scan_unreadable",
    /// A scanner's file is not JPEG, PNG, TIFF or PDF, or uses an encoding Skranke does not read.
    ScanUnsupported = "scan_unsupported",
    /// A scanner's file or page is larger than a stamkort scan can be.
    ScanTooLarge = "scan_too_large",
    /// A scanner's file holds no page.
    ScanEmpty = "scan_empty",
    /// A scan's resolution is not a usable number of dots per inch.
    ScanInvalidDpi = "scan_invalid_dpi",
    /// No stamkort was found on the scanned page (blank, or not a card).
    ScanNoCard = "scan_no_card",
    /// The configured stamkort layout is impossible.
    ScanLayoutInvalid = "scan_layout_invalid",
    /// The scanned file or page is no longer in the inbox (finished, or set aside elsewhere).
    ScanNotFound = "scan_not_found",
    /// This scanned page is already queued: it is never sent twice.
    ScanAlreadyQueued = "scan_already_queued",
    /// The watched scan folder cannot be read or written.
    ScanWatchDirUnavailable = "scan_watch_dir_unavailable",
    /// A scanned signature fails its checks; using it needs a written reason.
    ScanSignatureChecksFailed = "scan_signature_checks_failed",
    /// A crop cannot be cut: its corners are too close together.
    ScanBadCrop = "scan_bad_crop",
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Code::from_str_code(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown code {s:?}")))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error that knows its stable [`Code`]: every library error type implements it, so the
/// façade turns any of them into its `ApiError` with one `From` each and never looks at text.
pub trait HasCode: std::error::Error {
    /// The code the UI and scripts react to.
    fn code(&self) -> Code;
}

/// Test support: proves that an error type maps no variant to [`Code::Internal`] by accident.
///
/// `examples` holds one value per variant, each with the index its variant has in the caller's
/// exhaustive `variant_index` match (so adding a variant without an example fails the test);
/// `allowed_internal` names the variant indices that are meant to be internal.
pub fn assert_codes_cover_variants<E: HasCode>(
    examples: &[E],
    variant_index: impl Fn(&E) -> usize,
    variants: usize,
    allowed_internal: &[usize],
) {
    let mut seen = vec![false; variants];
    for e in examples {
        let i = variant_index(e);
        seen[i] = true;
        if !allowed_internal.contains(&i) {
            assert_ne!(e.code(), Code::Internal, "variant {i} ({e}) maps to `internal` by accident");
        }
    }
    let missing: Vec<usize> = seen.iter().enumerate().filter(|(_, s)| !**s).map(|(i, _)| i).collect();
    assert!(missing.is_empty(), "no example for variant(s) {missing:?}: add one to the list");
}

/// The TypeScript module `ui/src/lib/generated/codes.ts`, generated from [`Code::ALL`].
pub fn typescript_codes_module() -> String {
    let mut out = String::from(
        "// Generated from skranke_core::Code by `SKRANKE_WRITE_CODES=1 cargo test -p skranke-core generated_typescript`.\n// Do not edit by hand.\nexport const CODES = [\n",
    );
    for c in Code::ALL {
        out.push_str(&format!("  \"{}\",\n", c.as_str()));
    }
    out.push_str("] as const;\n\nexport type Code = (typeof CODES)[number];\n");
    out
}

/// In TypeScript a code is the `Code` union of ui/src/lib/generated/codes.ts
/// ([`typescript_codes_module`]); the IPC declarations import it from there.
#[cfg(feature = "ts")]
impl ts_rs::TS for Code {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;

    fn name(_: &ts_rs::Config) -> String {
        "Code".into()
    }

    fn inline(_: &ts_rs::Config) -> String {
        "Code".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_snake_case_and_round_trip() {
        let mut seen = HashSet::new();
        for c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'), "{s}");
            assert_eq!(Code::from_str_code(s), Some(*c));
        }
    }

    #[test]
    fn serializes_as_string() {
        assert_eq!(serde_json::to_string(&Code::CprPersonDead).ok().as_deref(), Some("\"cpr_person_dead\""));
    }

    /// The UI's `Code` union must list exactly these codes. Regenerate with
    /// `SKRANKE_WRITE_CODES=1 cargo test -p skranke-core generated_typescript`.
    #[test]
    fn generated_typescript_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/generated/codes.ts");
        let want = typescript_codes_module();
        if std::env::var_os("SKRANKE_WRITE_CODES").is_some() {
            std::fs::write(&path, &want).expect("write codes.ts");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(have, want, "ui/src/lib/generated/codes.ts is stale: regenerate it (see doc comment)");
    }
}
