//! Why a sign-in failed, one variant per thing the clerk or IT must do differently. No variant
//! carries a token, a name or text the provider wrote for a person (an Entra error description
//! can name the user); only codes and our own words, so every error can be logged.

/// A failed sign-in.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The settings cannot work (an issuer that is not an https URL, an unreadable CA file):
    /// IT must correct the configuration.
    #[error("sign-in settings: {0}")]
    Settings(String),
    /// No answer from the provider: no network, nothing listening, a timeout, a refused
    /// connection. Trying again later may help.
    #[error("the identity provider at {url} cannot be reached: {detail}")]
    ProviderUnreachable {
        /// The address called.
        url: String,
        /// What the network said.
        detail: String,
    },
    /// The provider's TLS certificate is not trusted (neither by the Mozilla roots nor by the
    /// configured extra CA): IT must check the issuer address or the CA file.
    #[error("the identity provider at {url} is not trusted: {detail}")]
    ProviderUntrusted {
        /// The address called.
        url: String,
        /// Why rustls refused the certificate.
        detail: String,
    },
    /// The provider answered, but not as OpenID Connect says (a discovery document for another
    /// issuer, an http endpoint, a redirect, an answer too large, unparsable JSON).
    #[error("the identity provider's answer is invalid: {detail}")]
    ProviderAnswerInvalid {
        /// What was wrong (our words, never the body).
        detail: String,
    },
    /// The clerk cancelled in the browser (the provider answered `error=access_denied`).
    #[error("the sign-in was cancelled in the browser")]
    Cancelled,
    /// A request reached the loopback redirect whose `state` is not this sign-in's: a forged
    /// or stale answer. The sign-in ends (the clerk starts again); nothing from it is used.
    #[error("the browser's answer does not belong to this sign-in (state mismatch)")]
    StateMismatch,
    /// The provider refused with another OAuth error code (`login_required`,
    /// `interaction_required`, `invalid_request`, `unauthorized_client`, ...), or refused to
    /// exchange the code at the token endpoint.
    #[error("the identity provider refused the sign-in: {error}")]
    ProviderRefused {
        /// The OAuth error code (only its code characters; the description is dropped).
        error: String,
    },
    /// The ID token failed validation: it is not from this provider for this client and this
    /// sign-in.
    #[error("the ID token was rejected: {reason}")]
    TokenRejected {
        /// Which check failed.
        reason: TokenRejection,
    },
    /// The ID token had expired (`exp` past by more than the allowed clock skew) while this PC's
    /// clock agrees with the provider's.
    #[error("the ID token has expired")]
    Expired,
    /// This PC's clock and the provider's disagree by more than the allowed skew: the token was
    /// issued in the future (`iat`), or it looks expired while the provider's `Date` header
    /// says the PC's clock is ahead. The clerk should have the PC's clock checked.
    #[error("the PC's clock differs from the identity provider's{}", pc_clock_ahead_by_seconds.map(|s| format!(" by {s} s")).unwrap_or_default())]
    ClockSkew {
        /// How far this PC's clock is ahead of the provider's (negative: behind), when the
        /// provider's `Date` header told.
        pc_clock_ahead_by_seconds: Option<i64>,
    },
    /// No answer reached the loopback redirect in the time given to
    /// [`crate::PendingSignIn::finish`].
    #[error("no answer from the browser in time")]
    TimedOut,
    /// The loopback listener could not be bound or failed.
    #[error("loopback listener: {0}")]
    Loopback(#[source] std::io::Error),
    /// The ID token has no groups claim of the configured name. `overage` is true when the
    /// provider says the user has too many groups to list in a token (Entra's
    /// `_claim_names`): IT must configure the provider to send fewer (e.g. only groups assigned
    /// to the application) or use app roles.
    #[error("the ID token has no `{claim}` claim{}", if *overage { " (too many groups for a token)" } else { "" })]
    GroupsClaimMissing {
        /// The configured claim name.
        claim: String,
        /// The provider left the groups out because there were too many.
        overage: bool,
    },
    /// The groups claim is neither a string nor an array of strings.
    #[error("the ID token's `{claim}` claim is neither a string nor a list of strings")]
    GroupsClaimInvalid {
        /// The configured claim name.
        claim: String,
    },
}

/// Which ID token check failed ([`AuthError::TokenRejected`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenRejection {
    /// The token endpoint answered without an ID token.
    Missing,
    /// The signature does not verify against the provider's keys (or uses an algorithm the
    /// provider does not announce, or a key it does not publish).
    Signature,
    /// `iss` is not the configured issuer.
    Issuer,
    /// `aud` does not name this client (or names other, untrusted audiences).
    Audience,
    /// `nonce` is missing or not this sign-in's.
    Nonce,
    /// Anything else the validation refused (no subject, an encrypted token, a malformed claim).
    Other,
}

impl std::fmt::Display for TokenRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Missing => "no ID token in the token response",
            Self::Signature => "bad signature",
            Self::Issuer => "wrong issuer",
            Self::Audience => "wrong audience",
            Self::Nonce => "wrong nonce",
            Self::Other => "invalid claims",
        })
    }
}

/// Keeps only the characters an OAuth error code may have (RFC 6749 § 4.1.2.1 allows printable
/// ASCII without `"` and `\`; we keep the usual letters, digits and `_.-`), at most 64 of them,
/// so provider text can never smuggle anything into logs or pages.
pub(crate) fn sanitize_error_code(code: &str) -> String {
    let cleaned: String =
        code.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')).take(64).collect();
    if cleaned.is_empty() { "unknown".to_owned() } else { cleaned }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_keep_only_code_characters() {
        assert_eq!(sanitize_error_code("login_required"), "login_required");
        assert_eq!(sanitize_error_code("bad <script>\"x\""), "badscriptx");
        assert_eq!(sanitize_error_code("  "), "unknown");
        assert_eq!(sanitize_error_code(&"a".repeat(100)).len(), 64);
    }

    #[test]
    fn clock_skew_says_by_how_much_when_known() {
        let known = AuthError::ClockSkew { pc_clock_ahead_by_seconds: Some(-7200) }.to_string();
        assert!(known.ends_with("by -7200 s"), "{known}");
        let unknown = AuthError::ClockSkew { pc_clock_ahead_by_seconds: None }.to_string();
        assert!(unknown.ends_with("provider's"), "{unknown}");
    }
}
