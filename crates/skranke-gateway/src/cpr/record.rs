//! What the CPR service answered about one person, typed.
use chrono::NaiveDate;
use skranke_core::Sex;

/// A person's current address as the register gives it.
#[derive(Clone, PartialEq, Eq)]
pub struct Address {
    /// Street, number, floor and door (`standardadresse`).
    pub street_line: String,
    /// Post code.
    pub postcode: Option<String>,
    /// Post district.
    pub city: Option<String>,
}

impl Address {
    /// One line for the card: `Demovej 12, 2. th, 8000 Aarhus C`.
    pub fn one_line(&self) -> String {
        let place =
            [self.postcode.as_deref(), self.city.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
        if place.is_empty() { self.street_line.clone() } else { format!("{}, {place}", self.street_line) }
    }
}

impl std::fmt::Debug for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Address(..)") // never printed: it may be protected
    }
}

/// A `PersonLookupResponse`, reduced to what Skranke uses.
#[derive(Clone, PartialEq, Eq)]
pub struct PersonRecord {
    /// `personnummer` (10 digits).
    pub pnr: String,
    /// `gaeldendePersonnummer`, when the register gives it.
    pub current_pnr: Option<String>,
    /// `personadresseringsnavn` (`Efternavn,Fornavn Mellemnavn`).
    pub addressing_name: String,
    /// `fornavn`.
    pub first_names: Option<String>,
    /// `mellemnavn`.
    pub middle_name: Option<String>,
    /// `efternavn`.
    pub last_name: Option<String>,
    /// `koen` (K/M).
    pub sex: Option<Sex>,
    /// `status/status`.
    pub status_code: u16,
    /// `status/statusdato`.
    pub status_date: Option<NaiveDate>,
    /// `aktuelAdresse`.
    pub address: Option<Address>,
    /// `adressebeskyttelse/beskyttet`.
    pub address_protected: bool,
    /// `umyndiggoerelse` in force.
    pub guardianship: bool,
}

impl PersonRecord {
    /// The name for the card: first, middle and last name, else the addressing name.
    pub fn display_name(&self) -> String {
        let parts: Vec<&str> = [self.first_names.as_deref(), self.middle_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if parts.is_empty() { self.addressing_name.clone() } else { parts.join(" ") }
    }
}

impl std::fmt::Debug for PersonRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let masked = |p: &str| if p.len() == 10 { format!("{}-xxxx", &p[..6]) } else { "invalid".into() };
        f.debug_struct("PersonRecord")
            .field("pnr", &masked(&self.pnr))
            .field("status_code", &self.status_code)
            .field("address_protected", &self.address_protected)
            .field("guardianship", &self.guardianship)
            .finish_non_exhaustive()
    }
}
