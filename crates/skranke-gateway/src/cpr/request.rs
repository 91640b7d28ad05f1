//! The SF1520 `PersonLookupRequest` SOAP envelope, built to the public XSD.

/// SOAP 1.1 envelope namespace.
pub const SOAP_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The service's message namespace.
pub const SERVICE_NS: &str = "http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/4/";
/// The PNR namespace.
pub const PNR_NS: &str = "http://serviceplatformen.dk/xml/schemas/cpr/PNR/1/";
/// The InvocationContext namespace.
pub const INVCTX_NS: &str = "http://serviceplatformen.dk/xml/schemas/InvocationContext/1/";
/// The Serviceplatformen fault namespace.
pub const FAULT_NS: &str = "http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/";
/// The SOAPAction header of the PersonLookup operation (from the WSDL binding).
pub const SOAP_ACTION: &str = "http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/4/PersonLookup";

/// Serviceplatformen's InvocationContext: who is asking, under which service agreement. The
/// municipality gets the UUIDs when the service agreement is made; they come from config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvocationContext {
    /// ServiceAgreementUUID.
    pub service_agreement_uuid: String,
    /// UserSystemUUID (this IT system).
    pub user_system_uuid: String,
    /// UserUUID (the municipality).
    pub user_uuid: String,
    /// ServiceUUID (SF1520).
    pub service_uuid: String,
    /// OnBehalfOfUser: the clerk's id, for the service's own log (optional).
    pub on_behalf_of_user: Option<String>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The `PersonLookupRequest` element (the SOAP body's payload).
pub fn request_payload(pnr_digits: &str, ctx: &InvocationContext) -> String {
    let mut x = format!(
        "<ns:PersonLookupRequest xmlns:ns=\"{SERVICE_NS}\" xmlns:invctx=\"{INVCTX_NS}\" xmlns:pnr=\"{PNR_NS}\"><invctx:InvocationContext>"
    );
    x.push_str(&format!(
        "<invctx:ServiceAgreementUUID>{}</invctx:ServiceAgreementUUID>",
        esc(&ctx.service_agreement_uuid)
    ));
    x.push_str(&format!("<invctx:UserSystemUUID>{}</invctx:UserSystemUUID>", esc(&ctx.user_system_uuid)));
    x.push_str(&format!("<invctx:UserUUID>{}</invctx:UserUUID>", esc(&ctx.user_uuid)));
    if let Some(user) = &ctx.on_behalf_of_user {
        x.push_str(&format!("<invctx:OnBehalfOfUser>{}</invctx:OnBehalfOfUser>", esc(user)));
    }
    x.push_str(&format!("<invctx:ServiceUUID>{}</invctx:ServiceUUID>", esc(&ctx.service_uuid)));
    x.push_str(&format!("</invctx:InvocationContext><pnr:PNR>{}</pnr:PNR></ns:PersonLookupRequest>", esc(pnr_digits)));
    x
}

/// The whole SOAP envelope.
pub fn request_envelope(pnr_digits: &str, ctx: &InvocationContext) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soap:Envelope xmlns:soap=\"{SOAP_NS}\"><soap:Body>{}</soap:Body></soap:Envelope>",
        request_payload(pnr_digits, ctx)
    )
}
