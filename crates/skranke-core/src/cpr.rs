//! The Danish CPR number: parsing with the century rules, sex, modulus 11 as a notice only, and a
//! masked form (DDMMYY-xxxx) that `Debug` and `Display` always use so a stray log line never leaks
//! a number.
use crate::{Code, HasCode};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A valid CPR number (date exists, issued range). Construct it with [`Cpr::parse`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cpr {
    digits: [u8; 10],
    birth_date: NaiveDate,
}

/// Sex as recorded by the last digit of the CPR number.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    /// Odd last digit.
    #[serde(rename = "M")]
    Male,
    /// Even last digit.
    #[serde(rename = "F")]
    Female,
}

/// Why a text is not a CPR number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CprError {
    /// Nothing was typed.
    #[error("the CPR number is empty")]
    Empty,
    /// Something other than digits, spaces and one hyphen.
    #[error("the CPR number may only contain digits, spaces and one hyphen")]
    InvalidCharacters,
    /// Not ten digits.
    #[error("a CPR number has ten digits")]
    WrongLength,
    /// DDMMYY is not a date that exists in the century the 7th digit gives.
    #[error("the first six digits are not a date that exists")]
    ImpossibleDate,
    /// 7th digit 5-8 with year 37-57: not issued yet.
    #[error("the number lies in a range that is not issued yet")]
    NotYetIssued,
    /// The birth date the number gives lies after today: nobody has been born with it yet.
    #[error("the birth date lies in the future")]
    BirthDateInFuture,
}

impl CprError {
    /// Stable code for the UI and the CLI.
    pub fn code(self) -> Code {
        match self {
            CprError::Empty => Code::CprEmpty,
            CprError::InvalidCharacters => Code::CprInvalidCharacters,
            CprError::WrongLength => Code::CprWrongLength,
            CprError::ImpossibleDate => Code::CprImpossibleDate,
            CprError::NotYetIssued => Code::CprNotYetIssued,
            CprError::BirthDateInFuture => Code::CprBirthDateInFuture,
        }
    }
}

impl Cpr {
    /// Parses a typed number as a valid CPR number on `today`: [`Cpr::parse`], and a birth date
    /// that is not after `today`. Every place that takes a number from a person uses this one.
    pub fn parse_on(text: &str, today: NaiveDate) -> Result<Self, CprError> {
        let cpr = Self::parse(text)?;
        if cpr.birth_date > today {
            return Err(CprError::BirthDateInFuture);
        }
        Ok(cpr)
    }

    /// Parses the form of a number: `DDMMYYSSSS`, `DDMMYY-SSSS` or either with spaces, a date that
    /// exists in the century the 7th digit gives, an issued range. It does not know today's date:
    /// for numbers already checked (stored bundles, the register's answers); typed input goes
    /// through [`Cpr::parse_on`].
    pub fn parse(text: &str) -> Result<Self, CprError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(CprError::Empty);
        }
        if trimmed.chars().any(|c| !(c.is_ascii_digit() || c == ' ' || c == '-')) || trimmed.matches('-').count() > 1 {
            return Err(CprError::InvalidCharacters);
        }
        let digits: Vec<u8> = trimmed.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
        let digits: [u8; 10] = digits.try_into().map_err(|_| CprError::WrongLength)?;
        if let Some(pos) = trimmed.find('-')
            && trimmed[..pos].bytes().filter(u8::is_ascii_digit).count() != 6
        {
            return Err(CprError::InvalidCharacters);
        }
        let two = |i: usize| u32::from(digits[i]) * 10 + u32::from(digits[i + 1]);
        let (day, month, yy) = (two(0), two(2), two(4) as i32);
        let year = century_year(digits[6], yy)?;
        let birth_date = NaiveDate::from_ymd_opt(year, month, day).ok_or(CprError::ImpossibleDate)?;
        Ok(Self { digits, birth_date })
    }

    /// The ten digits, for the places that must name the person (CPR service, audit, bundle).
    pub fn digits(&self) -> String {
        self.digits.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// `DDMMYY-xxxx`: safe for logs and lists.
    pub fn masked(&self) -> String {
        format!("{}-xxxx", &self.digits()[..6])
    }

    /// Date of birth (the century from the 7th digit).
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// Sex from the last digit.
    pub fn sex(&self) -> Sex {
        if self.digits[9] % 2 == 1 { Sex::Male } else { Sex::Female }
    }

    /// Whether the modulus 11 check holds. Since 2007 valid numbers may fail it: a notice only.
    pub fn mod11(&self) -> bool {
        const WEIGHTS: [u32; 10] = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
        self.digits.iter().zip(WEIGHTS).map(|(d, w)| u32::from(*d) * w).sum::<u32>() % 11 == 0
    }

    /// Age in whole years on `date`.
    pub fn age_on(&self, date: NaiveDate) -> i32 {
        let b = self.birth_date;
        let mut age = date.year() - b.year();
        if (date.month(), date.day()) < (b.month(), b.day()) {
            age -= 1;
        }
        age
    }
}

/// Masks every CPR number in a free text (a server's error text, say) before it may be logged:
/// ten digits, or six and four around a hyphen or space, become `DDMMYY-xxxx`; a longer run of
/// digits is masked whole. Other text is kept.
pub fn mask_cpr_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let run_from = |i: usize| chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let run = run_from(i);
        let split = run == 6
            && chars.get(i + 6).is_some_and(|c| *c == '-' || *c == ' ')
            && i + 7 < chars.len()
            && run_from(i + 7) == 4;
        let head: String = chars[i..i + run.min(6)].iter().collect();
        if run == 10 || split {
            out.push_str(&head);
            out.push_str("-xxxx");
            i += if split { 11 } else { 10 };
        } else if run > 10 {
            out.extend(std::iter::repeat_n('x', run));
            i += run;
        } else {
            out.extend(&chars[i..i + run]);
            i += run;
        }
    }
    out
}

/// The full year from the 7th digit and YY (the CPR office's table).
fn century_year(seventh: u8, yy: i32) -> Result<i32, CprError> {
    match seventh {
        0..=3 => Ok(1900 + yy),
        4 | 9 => Ok(if yy <= 36 { 2000 + yy } else { 1900 + yy }),
        5..=8 => match yy {
            0..=36 => Ok(2000 + yy),
            58..=99 => Ok(1800 + yy),
            _ => Err(CprError::NotYetIssued),
        },
        _ => Err(CprError::InvalidCharacters),
    }
}

impl std::fmt::Debug for Cpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cpr({})", self.masked())
    }
}

impl std::fmt::Display for Cpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Cpr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.digits())
    }
}

impl<'de> Deserialize<'de> for Cpr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Cpr::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The report of `skranke cpr validate`: exactly the fields scripts rely on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CprValidation {
    /// The text is a CPR number.
    pub valid: bool,
    /// The ten digits, when valid.
    pub normalized: Option<String>,
    /// `YYYY-MM-DD`, when valid.
    pub birth_date: Option<String>,
    /// `M` or `F`, when valid.
    pub sex: Option<Sex>,
    /// Modulus 11 result (a notice only), when valid.
    pub mod11: Option<bool>,
    /// The error code, when not valid.
    pub error: Option<Code>,
}

impl CprValidation {
    /// Validates one text as a number valid on `today` (see [`Cpr::parse_on`]).
    pub fn of(text: &str, today: NaiveDate) -> Self {
        match Cpr::parse_on(text, today) {
            Ok(c) => Self {
                valid: true,
                normalized: Some(c.digits()),
                birth_date: Some(c.birth_date().format("%Y-%m-%d").to_string()),
                sex: Some(c.sex()),
                mod11: Some(c.mod11()),
                error: None,
            },
            Err(e) => {
                Self { valid: false, normalized: None, birth_date: None, sex: None, mod11: None, error: Some(e.code()) }
            }
        }
    }
}

impl HasCode for CprError {
    fn code(&self) -> Code {
        CprError::code(*self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn accepts_three_formats() {
        for t in ["0101901234", "010190-1234", " 010190 1234 "] {
            assert_eq!(Cpr::parse(t).map(|c| c.digits()), Ok("0101901234".into()), "{t}");
        }
    }

    #[test]
    fn century_table() {
        let cases = [
            ("0101371234", 1937), // 7th 1 -> 1900s
            ("0101004234", 2000), // 4, yy 00 -> 2000
            ("0101374234", 1937), // 4, yy 37 -> 1900s
            ("0101369234", 2036), // 9, yy 36 -> 2036
            ("0101995234", 1899), // 5-8, yy 99 -> 1800s
            ("0101587234", 1858),
            ("0101108234", 2010),
        ];
        for (t, year) in cases {
            assert_eq!(Cpr::parse(t).map(|c| c.birth_date().year()), Ok(year), "{t}");
        }
    }

    #[test]
    fn rejections_have_codes() {
        let cases = [
            ("", Code::CprEmpty),
            ("   ", Code::CprEmpty),
            ("01019O1234", Code::CprInvalidCharacters),
            ("010190--1234", Code::CprInvalidCharacters),
            ("0101-901234", Code::CprInvalidCharacters),
            ("010190123", Code::CprWrongLength),
            ("01019012345", Code::CprWrongLength),
            ("3102991234", Code::CprImpossibleDate),
            ("2902011234", Code::CprImpossibleDate), // 1901 not a leap year
            ("0101405234", Code::CprNotYetIssued),   // 5-8 with 37-57
            ("0101576234", Code::CprNotYetIssued),
        ];
        for (t, code) in cases {
            assert_eq!(Cpr::parse(t).map_err(CprError::code), Err(code), "{t:?}");
        }
        assert!(Cpr::parse("2902004234").is_ok(), "29 Feb 2000 exists");
    }

    #[test]
    fn a_birth_date_after_today_is_not_valid() {
        let today = ymd(2026, 11, 30);
        for t in ["0101365234", "0101305234", "0112264234", "0101279234"] {
            assert!(Cpr::parse(t).is_ok(), "{t} has a valid form");
            assert_eq!(Cpr::parse_on(t, today), Err(CprError::BirthDateInFuture), "{t}");
        }
        // Born today is valid; so is every earlier century.
        assert!(Cpr::parse_on("3011264234", today).is_ok());
        assert!(Cpr::parse_on("0101995234", today).is_ok());
        let v = CprValidation::of("0101365234", today);
        assert!(!v.valid);
        assert_eq!(v.error, Some(Code::CprBirthDateInFuture));
    }

    #[test]
    fn numbers_in_free_text_are_masked() {
        let cases = [
            ("Opslag af 1203851002 fejlede", "Opslag af 120385-xxxx fejlede"),
            ("pnr 120385-1002, og 120385 1002.", "pnr 120385-xxxx, og 120385-xxxx."),
            ("kode 4711 og 2026-11-30", "kode 4711 og 2026-11-30"),
            ("12345678901234", "xxxxxxxxxxxxxx"),
            ("1203851002", "120385-xxxx"),
            ("120385-10021", "120385-10021"),
            ("æøå 0101901234æøå", "æøå 010190-xxxxæøå"),
            ("", ""),
        ];
        for (text, masked) in cases {
            assert_eq!(mask_cpr_numbers(text), masked, "{text:?}");
        }
    }

    #[test]
    fn feb_29_1900_does_not_exist() {
        assert_eq!(Cpr::parse("2902001234"), Err(CprError::ImpossibleDate));
    }

    #[test]
    fn sex_and_mod11() {
        let c = Cpr::parse("0707614285").expect("valid");
        assert_eq!(c.sex(), Sex::Male);
        assert!(c.mod11(), "0707614285 satisfies modulus 11");
        let c = Cpr::parse("0101901236").expect("valid");
        assert_eq!(c.sex(), Sex::Female);
        assert!(!c.mod11());
    }

    #[test]
    fn debug_and_display_are_masked() {
        let c = Cpr::parse("0101901234").expect("valid");
        assert_eq!(format!("{c}"), "010190-xxxx");
        assert_eq!(format!("{c:?}"), "Cpr(010190-xxxx)");
    }

    #[test]
    fn validation_json_shape() {
        let v = serde_json::to_value(CprValidation::of("010190-1234", ymd(2026, 11, 30))).expect("json");
        assert_eq!(
            v,
            serde_json::json!({"valid": true, "normalized": "0101901234", "birth_date": "1990-01-01", "sex": "F", "mod11": false, "error": null})
        );
        let v = serde_json::to_value(CprValidation::of("abc", ymd(2026, 11, 30))).expect("json");
        assert_eq!(
            v,
            serde_json::json!({"valid": false, "normalized": null, "birth_date": null, "sex": null, "mod11": null, "error": "cpr_invalid_characters"})
        );
    }

    #[test]
    fn age_counts_birthdays() {
        let c = Cpr::parse("1503901234").expect("valid");
        assert_eq!(c.age_on(ymd(2026, 3, 14)), 35);
        assert_eq!(c.age_on(ymd(2026, 3, 15)), 36);
    }

    /// Whether a text holds six digits, a hyphen or space, and four digits, standing alone.
    fn has_split_number(text: &str) -> bool {
        let c: Vec<char> = text.chars().collect();
        let digit = |i: usize| c.get(i).is_some_and(char::is_ascii_digit);
        (0..c.len()).any(|i| {
            (i == 0 || !digit(i - 1))
                && (i..i + 6).all(digit)
                && c.get(i + 6).is_some_and(|s| *s == '-' || *s == ' ')
                && (i + 7..i + 11).all(digit)
                && !digit(i + 11)
        })
    }

    /// Valid numbers: any real date 1858-2036 with a 7th digit that maps it to its century.
    fn valid_cpr() -> impl Strategy<Value = (String, NaiveDate)> {
        (0i64..(365 * 178), 0u32..1000).prop_filter_map("no 7th digit for this year", |(offset, serial)| {
            let date = ymd(1858, 1, 1) + chrono::Duration::days(offset);
            let y = date.year();
            let seventh = match y {
                1858..=1899 => 5,
                1900..=1999 => 0,
                2000..=2036 => 4,
                _ => return None,
            };
            let text = format!("{}{}{:03}", date.format("%d%m%y"), seventh, serial);
            Some((text, date))
        })
    }

    proptest! {
        #[test]
        fn valid_numbers_round_trip_in_all_formats((text, date) in valid_cpr()) {
            for t in [text.clone(), format!("{}-{}", &text[..6], &text[6..]), format!(" {} {} ", &text[..6], &text[6..])] {
                let c = Cpr::parse(&t).expect("valid");
                prop_assert_eq!(c.digits(), text.clone());
                prop_assert_eq!(c.birth_date(), date);
                prop_assert_eq!(c.masked(), format!("{}-xxxx", &text[..6]));
                prop_assert_eq!(c.age_on(date), 0);
            }
        }

        #[test]
        fn typed_numbers_are_valid_exactly_up_to_today((text, date) in valid_cpr(), today_offset in 0i64..(365 * 178)) {
            let today = ymd(1858, 1, 1) + chrono::Duration::days(today_offset);
            let expected = if date > today { Err(CprError::BirthDateInFuture) } else { Ok(date) };
            prop_assert_eq!(Cpr::parse_on(&text, today).map(|c| c.birth_date()), expected);
        }

        #[test]
        fn no_ten_digit_number_survives_masking(
            parts in prop::collection::vec(prop_oneof!["[0-9]{1,12}", "[a-zæ]{1,3}", Just("-".to_string()), Just(" ".to_string())], 0..8)
        ) {
            let text = parts.concat();
            let masked = mask_cpr_numbers(&text);
            let digits_in_a_row = masked.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0);
            prop_assert!(digits_in_a_row < 10, "{masked:?}");
            prop_assert!(!has_split_number(&masked), "{masked:?}");
        }

        #[test]
        fn any_letter_is_rejected(prefix in "[0-9]{0,9}", letter in "[a-zA-ZæøåÆØÅ]", suffix in "[0-9]{0,9}") {
            let t = format!("{prefix}{letter}{suffix}");
            prop_assert_eq!(Cpr::parse(&t), Err(CprError::InvalidCharacters));
        }
    }
}

#[cfg(test)]
mod code_tests {
    use super::*;

    /// Every variant has a deliberate code: none falls to `internal` by accident, and a new variant
    /// without an example here fails the test.
    #[test]
    fn every_variant_has_a_deliberate_code() {
        let index = |e: &CprError| match e {
            CprError::Empty => 0,
            CprError::InvalidCharacters => 1,
            CprError::WrongLength => 2,
            CprError::ImpossibleDate => 3,
            CprError::NotYetIssued => 4,
            CprError::BirthDateInFuture => 5,
        };
        let examples = [
            CprError::Empty,
            CprError::InvalidCharacters,
            CprError::WrongLength,
            CprError::ImpossibleDate,
            CprError::NotYetIssued,
            CprError::BirthDateInFuture,
        ];
        crate::assert_codes_cover_variants(&examples, index, 6, &[]);
    }
}
