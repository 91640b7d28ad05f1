//! The SF1520 SOAP messages the simulator reads and writes, following the public XSD
//! (PersonBaseDataExtendedServiceMsg.xsd): `PersonLookupRequest` in, `PersonLookupResponse` or a
//! SOAP fault with a `ServiceplatformFault` detail out.
use super::people::SimPerson;

/// SOAP 1.1 envelope namespace.
pub const SOAP_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The service's message namespace.
pub const SERVICE_NS: &str = "http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/4/";
/// The PNR element's namespace.
pub const PNR_NS: &str = "http://serviceplatformen.dk/xml/schemas/cpr/PNR/1/";
/// The InvocationContext namespace.
pub const INVCTX_NS: &str = "http://serviceplatformen.dk/xml/schemas/InvocationContext/1/";
/// The Serviceplatformen fault namespace.
pub const FAULT_NS: &str = "http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/";

/// What the simulator read from a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRequest {
    /// The PNR asked for.
    pub pnr: String,
    /// The four required InvocationContext UUIDs were present.
    pub has_invocation_context: bool,
    /// The optional OnBehalfOfUser.
    pub on_behalf_of: Option<String>,
}

/// Reads a `PersonLookupRequest` envelope.
pub fn parse_request(xml: &str) -> Result<ParsedRequest, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| format!("not XML: {e}"))?;
    let body = doc.descendants().find(|n| n.has_tag_name((SOAP_NS, "Body"))).ok_or("no soap:Body")?;
    let request = body
        .children()
        .find(|n| n.has_tag_name((SERVICE_NS, "PersonLookupRequest")))
        .ok_or("no PersonLookupRequest")?;
    let pnr = request
        .descendants()
        .find(|n| n.has_tag_name((PNR_NS, "PNR")))
        .and_then(|n| n.text())
        .ok_or("no PNR")?
        .trim()
        .to_string();
    let ctx = request.children().find(|n| n.has_tag_name((INVCTX_NS, "InvocationContext")));
    let has_invocation_context = ctx.is_some_and(|c| {
        ["ServiceAgreementUUID", "UserSystemUUID", "UserUUID", "ServiceUUID"].iter().all(|name| {
            c.children().any(|n| n.has_tag_name((INVCTX_NS, *name)) && n.text().is_some_and(|t| !t.trim().is_empty()))
        })
    });
    let on_behalf_of = ctx
        .and_then(|c| c.children().find(|n| n.has_tag_name((INVCTX_NS, "OnBehalfOfUser"))))
        .and_then(|n| n.text())
        .map(|t| t.trim().to_string());
    Ok(ParsedRequest { pnr, has_invocation_context, on_behalf_of })
}

/// Escapes text for XML content.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn envelope(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soap:Envelope xmlns:soap=\"{SOAP_NS}\"><soap:Body>{body}</soap:Body></soap:Envelope>"
    )
}

/// The `PersonLookupResponse` element for a person (or an empty one when unknown), without the
/// envelope. `leave_out_name` drops the required name (the "missing fields" fault).
pub fn response_payload(person: Option<&SimPerson>, age: Option<i32>, leave_out_name: bool) -> String {
    let mut x = format!("<ns:PersonLookupResponse xmlns:ns=\"{SERVICE_NS}\">");
    if let Some(p) = person {
        x.push_str("<ns:persondata>");
        x.push_str(&format!("<ns:personnummer>{}</ns:personnummer>", p.pnr));
        if let Some(current) = p.current_pnr {
            x.push_str(&format!("<ns:gaeldendePersonnummer>{current}</ns:gaeldendePersonnummer>"));
        }
        if !leave_out_name {
            let addressing = match p.middle {
                Some(m) => format!("{},{} {}", p.last, p.first, m),
                None => format!("{},{}", p.last, p.first),
            };
            x.push_str("<ns:navn>");
            x.push_str(&format!("<ns:personadresseringsnavn>{}</ns:personadresseringsnavn>", esc(&addressing)));
            x.push_str(&format!("<ns:fornavn>{}</ns:fornavn>", esc(p.first)));
            if let Some(m) = p.middle {
                x.push_str(&format!("<ns:mellemnavn>{}</ns:mellemnavn>", esc(m)));
            }
            x.push_str(&format!("<ns:efternavn>{}</ns:efternavn>", esc(p.last)));
            x.push_str("</ns:navn>");
        }
        if let Some(age) = age {
            x.push_str(&format!("<ns:alder>{age}</ns:alder>"));
        }
        x.push_str(&format!("<ns:koen>{}</ns:koen>", p.sex));
        x.push_str("<ns:antalBoernUnder18>0</ns:antalBoernUnder18>");
        x.push_str(&format!(
            "<ns:status><ns:status>{}</ns:status><ns:statusdato><ns:dato>{}T00:00:00</ns:dato></ns:statusdato></ns:status>",
            p.status, p.status_date
        ));
        if p.guardianship {
            x.push_str(
                "<ns:umyndiggoerelse><ns:umyndiggorelseRelationType>0</ns:umyndiggorelseRelationType>\
                 <ns:umyndiggoerelseStartdato><ns:dato>2015-01-01</ns:dato></ns:umyndiggoerelseStartdato>\
                 <ns:umyndiggjort>true</ns:umyndiggjort></ns:umyndiggoerelse>",
            );
        }
        if p.protected {
            x.push_str("<ns:adressebeskyttelse><ns:startdato>2016-07-22</ns:startdato><ns:beskyttet>true</ns:beskyttet></ns:adressebeskyttelse>");
        }
        x.push_str("</ns:persondata>");
        if let Some(a) = p.address {
            x.push_str("<ns:adresse><ns:aktuelAdresse>");
            x.push_str(&format!("<ns:kommunekode>{}</ns:kommunekode>", a.municipality));
            x.push_str(&format!("<ns:husnummer>{}</ns:husnummer>", esc(a.house)));
            if let Some(f) = a.floor {
                x.push_str(&format!("<ns:etage>{}</ns:etage>", esc(f)));
            }
            if let Some(d) = a.door {
                x.push_str(&format!("<ns:sidedoer>{}</ns:sidedoer>", esc(d)));
            }
            x.push_str(&format!("<ns:postnummer>{}</ns:postnummer>", a.postcode));
            x.push_str(&format!("<ns:postdistrikt>{}</ns:postdistrikt>", esc(a.city)));
            x.push_str(&format!("<ns:vejnavn>{}</ns:vejnavn>", esc(a.street)));
            let mut standard = format!("{} {}", a.street, a.house);
            if let Some(f) = a.floor {
                standard.push_str(&format!(", {f}."));
                if let Some(d) = a.door {
                    standard.push_str(&format!(" {d}"));
                }
            }
            x.push_str(&format!("<ns:standardadresse>{}</ns:standardadresse>", esc(&standard)));
            x.push_str("</ns:aktuelAdresse></ns:adresse>");
        }
    }
    x.push_str("</ns:PersonLookupResponse>");
    x
}

/// A full response envelope.
pub fn response(person: Option<&SimPerson>, age: Option<i32>, leave_out_name: bool) -> String {
    envelope(&response_payload(person, age, leave_out_name))
}

/// The `ServiceplatformFault` detail element, without the envelope.
pub fn fault_detail(code: &str, text: &str) -> String {
    format!(
        "<spf:ServiceplatformFault xmlns:spf=\"{FAULT_NS}\"><spf:ErrorList><spf:Error><spf:ErrorCode>{}</spf:ErrorCode><spf:ErrorText>{}</spf:ErrorText></spf:Error></spf:ErrorList></spf:ServiceplatformFault>",
        esc(code),
        esc(text)
    )
}

/// A SOAP 1.1 fault envelope with a Serviceplatformen detail.
pub fn fault(code: &str, text: &str) -> String {
    envelope(&format!(
        "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>{}</faultstring><detail>{}</detail></soap:Fault>",
        esc(text),
        fault_detail(code, text)
    ))
}
