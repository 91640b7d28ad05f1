//! Sign-in through the municipality's OpenID Connect provider (being built).
