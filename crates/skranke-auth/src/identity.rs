//! Who signed in, read from a validated ID token: the subject and issuer that identify the
//! person, the names to show and audit, and the groups (or roles) the configured claim lists.
//! Names are personal data: [`Identity`]'s `Debug` leaves them out, so it can never log them.
use crate::error::AuthError;
use openidconnect::core::CoreGenderClaim;
use openidconnect::{AdditionalClaims, IdTokenClaims};
use serde_json::{Map, Value};

/// A signed-in person, from a fully validated ID token.
#[derive(Clone, PartialEq, Eq)]
pub struct Identity {
    /// `sub`: the provider's stable identifier of the person (with `issuer`, the key to compare
    /// two sign-ins, e.g. at unlock).
    pub subject: String,
    /// `iss`: the provider.
    pub issuer: String,
    /// `name`, for the header.
    pub name: Option<String>,
    /// The account name for audit lines: `preferred_username`, else `upn` (Entra), else `email`.
    pub username: Option<String>,
    /// The values of the configured groups claim (Entra: group object ids or app role names).
    /// Mapping them to Skranke's roles is the caller's job.
    pub groups: Vec<String>,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity").field("issuer", &self.issuer).field("groups", &self.groups).finish_non_exhaustive()
    }
}

/// The claims of an ID token beyond the standard ones (groups, roles, `upn`, ...), kept as JSON.
#[derive(Clone, Default, serde::Deserialize, serde::Serialize)]
pub(crate) struct ExtraClaims {
    #[serde(flatten)]
    claims: Map<String, Value>,
}

impl AdditionalClaims for ExtraClaims {}

impl std::fmt::Debug for ExtraClaims {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names of the claims only: the values can be personal data.
        f.debug_set().entries(self.claims.keys()).finish()
    }
}

/// The validated claims this crate reads.
pub(crate) type Claims = IdTokenClaims<ExtraClaims, CoreGenderClaim>;

/// The identity in validated `claims`, with the groups of the claim named `groups_claim`.
pub(crate) fn identity(claims: &Claims, groups_claim: &str) -> Result<Identity, AuthError> {
    let extra = &claims.additional_claims().claims;
    let standard_text = |v: Option<String>| v.filter(|s| !s.is_empty());
    let extra_text = |name: &str| extra.get(name).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned);
    let username = standard_text(claims.preferred_username().map(|u| u.to_string()))
        .or_else(|| extra_text("upn"))
        .or_else(|| standard_text(claims.email().map(|e| e.to_string())));
    Ok(Identity {
        subject: claims.subject().to_string(),
        issuer: claims.issuer().to_string(),
        name: standard_text(claims.name().and_then(|n| n.get(None)).map(|n| n.to_string())),
        username,
        groups: groups(extra, groups_claim)?,
    })
}

/// The values of the groups claim: a string is one group, an array of strings is the groups.
/// A missing claim is an error (IT must configure the provider to send it), telling apart the
/// case where the provider says there were too many groups to put in a token (Entra's "groups
/// overage": `_claim_names` naming the claim, or `hasgroups`).
pub(crate) fn groups(claims: &Map<String, Value>, claim: &str) -> Result<Vec<String>, AuthError> {
    let invalid = || AuthError::GroupsClaimInvalid { claim: claim.to_owned() };
    match claims.get(claim) {
        Some(Value::String(group)) => Ok(vec![group.clone()]),
        Some(Value::Array(values)) => {
            values.iter().map(|v| v.as_str().map(str::to_owned).ok_or_else(invalid)).collect()
        }
        None | Some(Value::Null) => {
            let named_elsewhere =
                claims.get("_claim_names").and_then(Value::as_object).is_some_and(|names| names.contains_key(claim));
            let has_groups = claims.get("hasgroups").and_then(Value::as_bool).unwrap_or(false);
            Err(AuthError::GroupsClaimMissing { claim: claim.to_owned(), overage: named_elsewhere || has_groups })
        }
        Some(_) => Err(invalid()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn an_array_of_strings_is_the_groups() {
        let claims = map(json!({"groups": ["skranke-sagsbehandlere", "andet"]}));
        assert_eq!(groups(&claims, "groups").unwrap(), vec!["skranke-sagsbehandlere", "andet"]);
        assert_eq!(groups(&map(json!({"groups": []})), "groups").unwrap(), Vec::<String>::new());
    }

    #[test]
    fn a_single_string_is_one_group() {
        assert_eq!(groups(&map(json!({"roles": "Skranke.Supervisor"})), "roles").unwrap(), vec!["Skranke.Supervisor"]);
    }

    #[test]
    fn the_configured_claim_is_read_and_no_other() {
        let claims = map(json!({"groups": ["a"], "roles": ["b"]}));
        assert_eq!(groups(&claims, "roles").unwrap(), vec!["b"]);
        assert!(matches!(
            groups(&map(json!({"groups": ["a"]})), "roles"),
            Err(AuthError::GroupsClaimMissing { claim, overage: false }) if claim == "roles"
        ));
    }

    #[test]
    fn other_shapes_are_invalid() {
        for bad in [json!({"groups": 7}), json!({"groups": ["a", 7]}), json!({"groups": {"a": 1}})] {
            assert!(matches!(groups(&map(bad), "groups"), Err(AuthError::GroupsClaimInvalid { .. })));
        }
        assert!(matches!(groups(&map(json!({"groups": null})), "groups"), Err(AuthError::GroupsClaimMissing { .. })));
    }

    #[test]
    fn entra_group_overage_is_told_apart() {
        let overage = map(json!({"_claim_names": {"groups": "src1"}, "_claim_sources": {"src1": {}}}));
        assert!(matches!(groups(&overage, "groups"), Err(AuthError::GroupsClaimMissing { overage: true, .. })));
        let has_groups = map(json!({"hasgroups": true}));
        assert!(matches!(groups(&has_groups, "groups"), Err(AuthError::GroupsClaimMissing { overage: true, .. })));
    }

    #[test]
    fn debug_shows_no_names() {
        let identity = Identity {
            subject: "sub-123".into(),
            issuer: "https://idp".into(),
            name: Some("Anna Andersen".into()),
            username: Some("anna@kommune.dk".into()),
            groups: vec!["g".into()],
        };
        let shown = format!("{identity:?}");
        assert!(!shown.contains("Anna") && !shown.contains("anna@") && !shown.contains("sub-123"), "{shown}");
        let extra: ExtraClaims = serde_json::from_value(json!({"upn": "anna@kommune.dk"})).unwrap();
        assert_eq!(format!("{extra:?}"), r#"{"upn"}"#);
    }
}
