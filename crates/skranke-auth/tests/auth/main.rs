//! skranke-auth's integration tests, one binary: sign-ins through the real provider (node
//! `oidc-provider`, tools/oidc-test-provider) and the ID token checks against a fake provider
//! that signs whatever a test asks for. Run with `--features test-provider`.
#![cfg(feature = "test-provider")]

mod fake_provider;
mod real_provider;
mod tokens;
mod util;
