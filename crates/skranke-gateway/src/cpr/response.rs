//! Reads the SF1520 answer: a `PersonLookupResponse`, or a SOAP fault with a
//! `ServiceplatformFault` detail.
use super::error::CprLookupError;
use super::record::{Address, PersonRecord};
use super::request::{FAULT_NS, SERVICE_NS, SOAP_NS};
use chrono::NaiveDate;
use roxmltree::{Document, Node};
use skranke_core::Sex;

/// Parses a response body. A fault becomes [`CprLookupError::SoapFault`]; an answer without
/// `persondata` means the number is unknown ([`CprLookupError::NotFound`]).
pub fn parse_response(xml: &str) -> Result<PersonRecord, CprLookupError> {
    check_shape(xml)?;
    let doc = Document::parse(xml).map_err(|e| CprLookupError::Malformed(format!("not XML: {e}")))?;
    let body = doc
        .descendants()
        .find(|n| n.has_tag_name((SOAP_NS, "Body")))
        .ok_or_else(|| CprLookupError::Malformed("no soap:Body".into()))?;
    if let Some(fault) = body.children().find(|n| n.has_tag_name((SOAP_NS, "Fault"))) {
        return Err(fault_error(fault));
    }
    let response = body
        .children()
        .find(|n| n.has_tag_name((SERVICE_NS, "PersonLookupResponse")))
        .ok_or_else(|| CprLookupError::Malformed("no PersonLookupResponse".into()))?;
    let Some(data) = child(response, "persondata") else { return Err(CprLookupError::NotFound) };
    let name = child(data, "navn").ok_or_else(|| CprLookupError::Malformed("persondata without navn".into()))?;
    let addressing_name = text(name, "personadresseringsnavn")
        .ok_or_else(|| CprLookupError::Malformed("navn without personadresseringsnavn".into()))?;
    let pnr = text(data, "personnummer")
        .ok_or_else(|| CprLookupError::Malformed("persondata without personnummer".into()))?;
    let status = child(data, "status").ok_or_else(|| CprLookupError::Malformed("persondata without status".into()))?;
    let status_code = text(status, "status")
        .and_then(|s| s.trim().parse::<u16>().ok())
        .ok_or_else(|| CprLookupError::Malformed("status is missing or not a number".into()))?;
    let status_date = child(status, "statusdato").and_then(|d| text(d, "dato")).and_then(|d| date_prefix(&d));
    let sex = match text(data, "koen").as_deref() {
        Some("K") => Some(Sex::Female),
        Some("M") => Some(Sex::Male),
        Some(other) => return Err(CprLookupError::Malformed(format!("koen {other:?}"))),
        None => None,
    };
    let address_protected = child(data, "adressebeskyttelse").is_some_and(|b| in_force(b, "beskyttet", "slutdato"));
    let guardianship =
        child(data, "umyndiggoerelse").is_some_and(|u| in_force(u, "umyndiggjort", "umyndiggoerelseSlettedato"));
    let address = child(response, "adresse").and_then(|a| child(a, "aktuelAdresse")).and_then(|a| {
        let street_line = text(a, "standardadresse").or_else(|| {
            let street = text(a, "vejnavn")?;
            Some(match text(a, "husnummer") {
                Some(h) => format!("{street} {h}"),
                None => street,
            })
        })?;
        Some(Address { street_line, postcode: text(a, "postnummer"), city: text(a, "postdistrikt") })
    });
    Ok(PersonRecord {
        pnr,
        current_pnr: text(data, "gaeldendePersonnummer"),
        addressing_name,
        first_names: text(name, "fornavn"),
        middle_name: text(name, "mellemnavn"),
        last_name: text(name, "efternavn"),
        sex,
        status_code,
        status_date,
        address,
        address_protected,
        guardianship,
    })
}

/// Most attributes one element of an answer may carry; real SF1520 answers carry a handful.
const MAX_ATTRIBUTES_PER_ELEMENT: usize = 64;
/// Most namespace declarations in one answer; real answers declare about ten.
const MAX_NAMESPACE_DECLARATIONS: usize = 128;

/// A linear look at the answer before the XML parser sees it. The parser's time grows with the
/// square of the attributes on one element and faster still with nested namespace declarations
/// (40,000 attributes in 389 KB took 10 s, 4,000 nested declarations in 125 KB over a minute),
/// so an answer shaped like that is refused here, well below the size cap.
fn check_shape(xml: &str) -> Result<(), CprLookupError> {
    if xml.matches("xmlns").count() > MAX_NAMESPACE_DECLARATIONS {
        return Err(CprLookupError::Malformed("too many namespace declarations".into()));
    }
    let (mut in_tag, mut quote, mut attributes) = (false, None, 0usize);
    for b in xml.bytes() {
        match (in_tag, quote, b) {
            (true, Some(q), _) if b == q => quote = None,
            (true, Some(_), _) => {}
            (true, None, b'"' | b'\'') => quote = Some(b),
            (true, None, b'=') => {
                attributes += 1;
                if attributes > MAX_ATTRIBUTES_PER_ELEMENT {
                    return Err(CprLookupError::Malformed("too many attributes on one element".into()));
                }
            }
            (true, None, b'>') => in_tag = false,
            (false, _, b'<') => (in_tag, attributes) = (true, 0),
            _ => {}
        }
    }
    Ok(())
}

/// Whether a protection or guardianship element is in force: its flag is not `false` and it has
/// no end date in the past.
fn in_force(node: Node<'_, '_>, flag: &str, end: &str) -> bool {
    let flag_ok = text(node, flag).is_none_or(|v| v.trim() == "true" || v.trim() == "1");
    let ended = text(node, end).and_then(|d| date_prefix(&d)).is_some_and(|d| d <= chrono::Utc::now().date_naive());
    flag_ok && !ended
}

/// A SOAP fault as its code only. The server's text is logged at debug level with every CPR number
/// in it masked; it never reaches an error message (those are logged at info and shown).
fn fault_error(fault: Node<'_, '_>) -> CprLookupError {
    let error = fault.descendants().find(|n| n.has_tag_name((FAULT_NS, "Error")));
    let code = error
        .and_then(|e| e.children().find(|n| n.has_tag_name((FAULT_NS, "ErrorCode"))))
        .and_then(|n| n.text())
        .map(str::trim)
        .filter(|c| is_plain_token(c))
        .unwrap_or("unknown")
        .to_string();
    let text = error
        .and_then(|e| e.children().find(|n| n.has_tag_name((FAULT_NS, "ErrorText"))))
        .and_then(|n| n.text())
        .or_else(|| fault.children().find(|n| n.has_tag_name("faultstring")).and_then(|n| n.text()))
        .unwrap_or("");
    // The fault's text is never logged, not even masked: it may name the person asked about, and
    // logs leave the PC in support bundles.
    tracing::debug!(code = %code, text_chars = text.trim().chars().count(), "CPR service fault");
    CprLookupError::SoapFault { code }
}

/// A fault code worth keeping: a short token of letters, digits and `_.-` (anything else could
/// be text).
fn is_plain_token(code: &str) -> bool {
    (1..=64).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name((SERVICE_NS, name)))
}

fn text(node: Node<'_, '_>, name: &str) -> Option<String> {
    child(node, name).and_then(|n| n.text()).map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

fn date_prefix(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(inner: &str) -> String {
        format!("<soap:Envelope xmlns:soap=\"{SOAP_NS}\"><soap:Body>{inner}</soap:Body></soap:Envelope>")
    }

    fn malformed_because(xml: &str) -> String {
        match parse_response(xml) {
            Err(CprLookupError::Malformed(why)) => why,
            other => panic!("expected Malformed, got {other:?}"),
        }
    }

    /// Shapes that keep the XML parser busy for minutes are refused before it sees them (the
    /// parser took 10 s for the first and over a minute for the second).
    #[test]
    fn answers_that_would_stall_the_parser_are_refused_first() {
        let attributes: String = (0..40_000).map(|i| format!(" a{i}=\"\"")).collect();
        let many = envelope(&format!("<a{attributes}/>"));
        assert_eq!(malformed_because(&many), "too many attributes on one element");
        let nested: String = (0..4000).map(|i| format!("<n{i}:a xmlns:n{i}=\"urn:{i}\">")).collect();
        assert_eq!(malformed_because(&envelope(&nested)), "too many namespace declarations");
    }

    /// Quoted `=` and `>` are values, not attributes or the end of a tag.
    #[test]
    fn quoted_values_do_not_count_as_attributes() {
        let value = "x=y>".repeat(100);
        let xml = envelope(&format!("<a b=\"{value}\" c='{value}'/>"));
        assert!(check_shape(&xml).is_ok());
        let few: String = (0..MAX_ATTRIBUTES_PER_ELEMENT).map(|i| format!(" a{i}=\"1\"")).collect();
        assert!(check_shape(&envelope(&format!("<a{few}/>"))).is_ok());
    }
}
