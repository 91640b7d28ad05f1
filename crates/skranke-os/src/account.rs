//! The OS account running this process and its groups, asked of the OS itself (the user and group
//! databases on Unix, the process token on Windows), never of environment variables.
use std::io;

#[cfg(all(unix, not(target_vendor = "apple")))]
mod unix;
#[cfg(all(unix, not(target_vendor = "apple")))]
use unix as imp;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as imp;
/// Other operating systems (Apple's among them) have no implementation.
#[cfg(not(any(all(unix, not(target_vendor = "apple")), windows)))]
mod imp {
    pub(super) fn current_account() -> Result<super::OsAccount, super::OsError> {
        Err(super::OsError::Unsupported)
    }
}

/// The operating-system account running this process, as the OS reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OsAccount {
    /// The account name: the login name on Unix, `DOMAIN\name` on Windows (`name` alone for
    /// accounts without a domain).
    pub name: String,
    /// The account's stable id as text: the numeric user id on Unix, the SID (`S-1-5-21-…`) on
    /// Windows.
    pub id: String,
    /// Names of the groups the account belongs to, primary group included, each once. On Unix the
    /// group database's view (groups without a name are left out); on Windows the enabled groups of
    /// the process token as `DOMAIN\group` (deny-only groups of a non-elevated token and groups
    /// the OS cannot name are left out).
    pub groups: Vec<String>,
}

impl OsAccount {
    /// Whether the account is in `group`, the way the OS compares group names: exactly on Unix;
    /// on Windows case-insensitively, where `group` may be `DOMAIN\group` (that domain only) or
    /// `group` (any domain). An empty `group` matches nothing.
    pub fn is_member(&self, group: &str) -> bool {
        if group.is_empty() {
            return false;
        }
        self.groups.iter().any(|held| if cfg!(windows) { windows_group_matches(held, group) } else { held == group })
    }
}

/// Whether the Windows group `held` (as `DOMAIN\group` or `group`) is the configured `wanted`,
/// compared as Windows compares account names (ignoring case, Unicode-aware for æ, ø, å).
/// Compiled on every OS so that its tests run where the crate is developed.
fn windows_group_matches(held: &str, wanted: &str) -> bool {
    let held = if wanted.contains('\\') { held } else { held.rsplit_once('\\').map_or(held, |(_, name)| name) };
    held.to_lowercase() == wanted.to_lowercase()
}

/// Why the OS account could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OsError {
    /// The user id (or SID) running the process has no entry in the account database, so it has
    /// no name (for example a container running as an arbitrary user id).
    #[error("the account {id} running Skranke has no entry in the account database")]
    NoAccountEntry {
        /// The user id or SID, as text.
        id: String,
    },
    /// The account name is not valid UTF-8, so it cannot be compared or recorded.
    #[error("the name of the account {id} running Skranke is not valid UTF-8")]
    NotUtf8 {
        /// The user id, as text.
        id: String,
    },
    /// An OS call failed.
    #[error("{call} failed: {source}")]
    Call {
        /// The OS function that failed.
        call: &'static str,
        /// The OS error.
        #[source]
        source: io::Error,
    },
    /// An OS call kept asking for a larger buffer than Skranke allows (a corrupt database entry).
    #[error("{call} needs an unreasonably large buffer")]
    TooLarge {
        /// The OS function.
        call: &'static str,
    },
    /// This operating system is not supported (only Linux, other non-Apple Unixes and Windows).
    #[error("reading the OS account is not supported on this operating system")]
    Unsupported,
}

/// The account running this process (the real user id on Unix, the process token's user on
/// Windows) with its groups, from the OS. Environment variables such as `$USER` or `%USERNAME%`
/// are never read: anyone can set them.
pub fn current_account() -> Result<OsAccount, OsError> {
    imp::current_account()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(groups: &[&str]) -> OsAccount {
        OsAccount { name: "x".into(), id: "1".into(), groups: groups.iter().map(|g| g.to_string()).collect() }
    }

    #[test]
    fn windows_names_match_with_or_without_domain_ignoring_case() {
        assert!(windows_group_matches(r"KOMMUNE\Skranke-IT", "skranke-it"));
        assert!(windows_group_matches(r"KOMMUNE\Skranke-IT", r"kommune\SKRANKE-IT"));
        assert!(windows_group_matches(r"KOMMUNE\Borgerservice-Ø", "borgerservice-ø"));
        assert!(windows_group_matches("Everyone", "everyone"));
        assert!(!windows_group_matches(r"KOMMUNE\Skranke-IT", r"ANDEN\Skranke-IT"));
        assert!(!windows_group_matches(r"KOMMUNE\Skranke-IT", "KOMMUNE"));
        assert!(!windows_group_matches(r"KOMMUNE\Skranke-IT", "Skranke"));
        assert!(!windows_group_matches("Everyone", r"KOMMUNE\Everyone"));
    }

    #[test]
    #[cfg(not(windows))]
    fn unix_membership_is_exact() {
        let me = account(&["skranke-it", "users"]);
        assert!(me.is_member("skranke-it"));
        assert!(!me.is_member("Skranke-IT"));
        assert!(!me.is_member("skranke"));
        assert!(!me.is_member(""));
    }

    #[test]
    fn an_empty_group_name_matches_nothing() {
        assert!(!account(&[""]).is_member(""));
    }
}
