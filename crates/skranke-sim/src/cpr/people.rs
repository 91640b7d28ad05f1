//! The simulator's fictitious people: one for every status and special case the case step must
//! handle. The numbers are valid CPR numbers (real dates, 1900s century digits) chosen for the
//! simulator; docs/cpr-simulator.md lists them.

/// A fictitious address.
#[derive(Debug, Clone, Copy)]
pub struct SimAddress {
    /// Street name.
    pub street: &'static str,
    /// House number.
    pub house: &'static str,
    /// Floor, if any.
    pub floor: Option<&'static str>,
    /// Side door, if any.
    pub door: Option<&'static str>,
    /// Post code.
    pub postcode: &'static str,
    /// Post district.
    pub city: &'static str,
    /// Municipality code.
    pub municipality: u16,
}

/// One fictitious person in the simulator's register.
#[derive(Debug, Clone, Copy)]
pub struct SimPerson {
    /// The person's number (10 digits).
    pub pnr: &'static str,
    /// `gaeldendePersonnummer` when different (status 60).
    pub current_pnr: Option<&'static str>,
    /// First name.
    pub first: &'static str,
    /// Middle name.
    pub middle: Option<&'static str>,
    /// Last name.
    pub last: &'static str,
    /// `K` or `M`.
    pub sex: char,
    /// SF1520 status code.
    pub status: u16,
    /// Status date, `YYYY-MM-DD`.
    pub status_date: &'static str,
    /// Current address.
    pub address: Option<SimAddress>,
    /// `adressebeskyttelse` in force.
    pub protected: bool,
    /// `umyndiggoerelse` in force.
    pub guardianship: bool,
    /// What this person exercises.
    pub exercises: &'static str,
}

const DEMOVEJ: SimAddress = SimAddress {
    street: "Demovej",
    house: "12",
    floor: Some("2"),
    door: Some("th"),
    postcode: "8000",
    city: "Aarhus C",
    municipality: 751,
};
const PRØVEGADE: SimAddress = SimAddress {
    street: "Prøvegade",
    house: "3",
    floor: None,
    door: None,
    postcode: "5000",
    city: "Odense C",
    municipality: 461,
};
const HEMMELIG: SimAddress = SimAddress {
    street: "Skjultvej",
    house: "7",
    floor: None,
    door: None,
    postcode: "9000",
    city: "Aalborg",
    municipality: 851,
};

/// Every person the simulator knows.
pub const PEOPLE: &[SimPerson] = &[
    p(
        "1203851002",
        None,
        "Anne",
        Some("Demo"),
        "Hansen",
        'K',
        1,
        "2010-05-01",
        Some(DEMOVEJ),
        false,
        false,
        "active, resident",
    ),
    p(
        "2304771049",
        None,
        "Bo",
        None,
        "Jensen",
        'M',
        5,
        "2001-01-01",
        Some(PRØVEGADE),
        false,
        false,
        "active (Greenland register)",
    ),
    p(
        "0506601002",
        None,
        "Cecilie",
        None,
        "Udenbopæl",
        'K',
        20,
        "2019-03-01",
        None,
        false,
        false,
        "no residence (20): notice",
    ),
    p(
        "1708921005",
        None,
        "Dennis",
        None,
        "Annulleret",
        'M',
        30,
        "2015-06-30",
        None,
        false,
        false,
        "annulled (30): blocked",
    ),
    p("2811551018", None, "Ella", None, "Slettet", 'K', 50, "2012-02-02", None, false, false, "deleted (50): blocked"),
    p(
        "0903711019",
        Some("0903711027"),
        "Frank",
        None,
        "Nytnummer",
        'M',
        60,
        "2020-09-09",
        None,
        false,
        false,
        "number changed (60): continue with 090371-1027",
    ),
    p(
        "0903711027",
        None,
        "Frank",
        None,
        "Nytnummer",
        'M',
        1,
        "2020-09-09",
        Some(PRØVEGADE),
        false,
        false,
        "the new number of 090371-1019",
    ),
    p(
        "1412481018",
        None,
        "Grete",
        None,
        "Forsvundet",
        'K',
        70,
        "2018-12-14",
        None,
        false,
        false,
        "disappeared (70): blocked",
    ),
    p(
        "3006681009",
        None,
        "Henrik",
        None,
        "Udrejst",
        'M',
        80,
        "2021-08-01",
        None,
        false,
        false,
        "emigrated (80): blocked",
    ),
    p("0101301028", None, "Inger", None, "Afdød", 'K', 90, "2024-01-15", None, false, false, "dead (90): blocked"),
    p(
        "2207881018",
        None,
        "Julie",
        None,
        "Beskyttet",
        'K',
        1,
        "2016-07-22",
        Some(HEMMELIG),
        true,
        false,
        "protected address: never shown, logged or sent",
    ),
    p(
        "0610931049",
        None,
        "Kasper",
        None,
        "Værge",
        'M',
        1,
        "2011-10-06",
        Some(DEMOVEJ),
        false,
        true,
        "guardianship: notice",
    ),
    p(
        "1505901000",
        None,
        "Lise",
        None,
        "Modulus",
        'K',
        1,
        "2008-05-15",
        Some(PRØVEGADE),
        false,
        false,
        "valid number that fails modulus 11: notice",
    ),
];

#[allow(clippy::too_many_arguments)]
const fn p(
    pnr: &'static str,
    current_pnr: Option<&'static str>,
    first: &'static str,
    middle: Option<&'static str>,
    last: &'static str,
    sex: char,
    status: u16,
    status_date: &'static str,
    address: Option<SimAddress>,
    protected: bool,
    guardianship: bool,
    exercises: &'static str,
) -> SimPerson {
    SimPerson {
        pnr,
        current_pnr,
        first,
        middle,
        last,
        sex,
        status,
        status_date,
        address,
        protected,
        guardianship,
        exercises,
    }
}

/// The person with this number, if the simulator knows one.
pub fn find(pnr: &str) -> Option<&'static SimPerson> {
    PEOPLE.iter().find(|p| p.pnr == pnr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use skranke_core::Cpr;

    #[test]
    fn every_number_is_valid_and_unique_and_sex_matches() {
        let mut seen = std::collections::HashSet::new();
        for person in PEOPLE {
            let cpr = Cpr::parse(person.pnr).unwrap_or_else(|e| panic!("{}: {e}", person.pnr));
            assert!(seen.insert(person.pnr), "duplicate {}", person.pnr);
            let male = matches!(cpr.sex(), skranke_core::Sex::Male);
            assert_eq!(male, person.sex == 'M', "{}", person.pnr);
            if let Some(current) = person.current_pnr {
                assert!(find(current).is_some(), "the new number of {} must exist", person.pnr);
            }
        }
        assert!(PEOPLE.iter().any(|p| !Cpr::parse(p.pnr).map(|c| c.mod11()).unwrap_or(true)), "one fails mod 11");
        for status in [1, 20, 30, 50, 60, 70, 80, 90] {
            assert!(PEOPLE.iter().any(|p| p.status == status), "status {status} covered");
        }
    }
}
