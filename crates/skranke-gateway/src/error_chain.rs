//! Walking an HTTP error's source chain, shared by the CPR and the upload client: finding the
//! TLS error that decides between "certificate refused" and "network", and the whole chain as
//! one line for logs.

/// The first rustls error in the chain, also when it is wrapped in an I/O error.
pub(crate) fn find_rustls_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(r) = err.downcast_ref::<rustls::Error>() {
            return Some(r);
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
            && let Some(r) = inner.downcast_ref::<rustls::Error>()
        {
            return Some(r);
        }
        current = err.source();
    }
    None
}

/// Every message of the chain, joined with ": ".
pub(crate) fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut current = e.source();
    while let Some(err) = current {
        out.push_str(": ");
        out.push_str(&err.to_string());
        current = err.source();
    }
    out
}
