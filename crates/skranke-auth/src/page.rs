//! The small Danish page the browser shows after the redirect: signed in, or why not, always
//! telling the clerk to go back to Skranke (where the full message is). No names, no tokens,
//! nothing the provider wrote but a sanitized error code.
use crate::error::AuthError;

/// Status and HTML for the outcome of a sign-in.
pub(crate) fn for_outcome<T>(outcome: &Result<T, AuthError>) -> (u16, String) {
    match outcome {
        Ok(_) => {
            (200, html("Du er logget ind", "Du er logget ind. Du kan lukke dette vindue og vende tilbage til Skranke."))
        }
        Err(e) => (400, html("Login lykkedes ikke", &failure_text(e))),
    }
}

/// The Danish explanation of a failure, for the browser.
fn failure_text(e: &AuthError) -> String {
    const BACK: &str = "Du kan lukke dette vindue og vende tilbage til Skranke.";
    match e {
        AuthError::Cancelled => format!("Login blev annulleret. {BACK}"),
        AuthError::StateMismatch => "Svaret fra login hører ikke til den login, Skranke startede. Luk dette vindue, \
             og start login igen fra Skranke."
            .to_owned(),
        AuthError::ProviderRefused { error } => format!(
            "Identitetsudbyderen afviste login (fejlkode: {}). {BACK} Kontakt IT, hvis det sker igen.",
            escape(error)
        ),
        AuthError::ClockSkew { .. } | AuthError::Expired => format!(
            "Login lykkedes ikke, fordi pc'ens ur ikke passer med identitetsudbyderens. Bed IT om at kontrollere \
             pc'ens ur og tidszone. {BACK}"
        ),
        AuthError::ProviderUnreachable { .. } | AuthError::ProviderUntrusted { .. } => format!(
            "Skranke kunne ikke nå identitetsudbyderen for at afslutte login. Kontrollér netværket, og prøv igen. \
             {BACK}"
        ),
        AuthError::GroupsClaimMissing { .. } | AuthError::GroupsClaimInvalid { .. } => format!(
            "Du er logget ind hos identitetsudbyderen, men Skranke fik ikke dine grupper med. Kontakt IT. {BACK}"
        ),
        AuthError::TokenRejected { .. } | AuthError::ProviderAnswerInvalid { .. } => format!(
            "Login lykkedes ikke, fordi svaret fra identitetsudbyderen ikke kunne godkendes. Kontakt IT. {BACK}"
        ),
        _ => format!("Login lykkedes ikke. {BACK}"),
    }
}

/// A whole page.
fn html(title: &str, text: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"da\"><head><meta charset=\"utf-8\"><title>Skranke: {title}</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:4em auto;max-width:32em;line-height:1.5}}</style>\
         </head><body><h1>{title}</h1><p>{text}</p></body></html>\n"
    )
}

/// HTML-escapes text.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::TokenRejection;

    #[test]
    fn success_says_signed_in_in_danish() {
        let (status, page) = for_outcome(&Ok::<(), AuthError>(()));
        assert_eq!(status, 200);
        assert!(page.contains("Du er logget ind. Du kan lukke dette vindue og vende tilbage til Skranke."));
    }

    #[test]
    fn each_failure_has_its_own_danish_text() {
        let cases = [
            (AuthError::Cancelled, "annulleret"),
            (AuthError::StateMismatch, "hører ikke til"),
            (AuthError::ProviderRefused { error: "login_required".into() }, "fejlkode: login_required"),
            (AuthError::ClockSkew { pc_clock_ahead_by_seconds: None }, "ur"),
            (AuthError::TokenRejected { reason: TokenRejection::Nonce }, "ikke kunne godkendes"),
            (AuthError::GroupsClaimMissing { claim: "groups".into(), overage: false }, "grupper"),
        ];
        for (error, expected) in cases {
            let (status, page) = for_outcome::<()>(&Err(error));
            assert_eq!(status, 400);
            assert!(page.contains(expected), "{expected}: {page}");
        }
    }

    #[test]
    fn provider_text_is_escaped() {
        let (_, page) = for_outcome::<()>(&Err(AuthError::ProviderRefused { error: "<b>".into() }));
        assert!(page.contains("&lt;b&gt;") && !page.contains("<b>"));
    }
}
