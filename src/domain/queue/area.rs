//! Service areas (khu vực / nhóm lĩnh vực): the letter on a ticket and the
//! catalog fields (lĩnh vực) whose procedures it covers.

use serde::{Deserialize, Serialize};

use super::TicketError;
use crate::domain::settings::QueueSettings;
use crate::text::clean_line;

/// Longest queue prefix: one PC's mark, e.g. its counter digit.
pub const MAX_PREFIX_LEN: usize = 3;

/// Longest area name, so it fits on the board and the 80 mm ticket.
const MAX_AREA_NAME: usize = 60;

/// A service area: `A` = "Hộ tịch – Chứng thực" covering the fields "Hộ tịch",
/// "Chứng thực" and "Nuôi con nuôi". An area with no fields takes every field no
/// other area lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceArea {
    /// A–Z, printed on every ticket of the area.
    pub letter: char,
    pub name: String,
    /// Catalog `field` values, as in `assets/data/procedures.csv`.
    #[serde(default)]
    pub fields: Vec<String>,
}

fn area(letter: char, name: &str, fields: &[&str]) -> ServiceArea {
    ServiceArea {
        letter,
        name: name.into(),
        fields: fields.iter().map(|f| f.to_string()).collect(),
    }
}

/// The four areas of a typical commune center, over the bundled catalog's fields.
pub fn default_areas() -> Vec<ServiceArea> {
    vec![
        area(
            'A',
            "Hộ tịch – Chứng thực",
            &["Hộ tịch", "Chứng thực", "Nuôi con nuôi"],
        ),
        area(
            'B',
            "Đất đai – Xây dựng",
            &["Đất đai", "Hoạt động xây dựng", "Nhà ở và công sở"],
        ),
        area(
            'C',
            "Bảo trợ xã hội – Người có công",
            &["Bảo trợ xã hội", "Người có công", "Giảm nghèo"],
        ),
        area('D', "Lĩnh vực khác", &[]),
    ]
}

/// Fields compare as people read them: NFC, spaces collapsed, any case.
fn field_key(s: &str) -> String {
    clean_line(s).to_lowercase()
}

/// The letter of the area that serves procedures of catalog `field`: the first
/// area listing it, else the first area listing no fields (the catch-all), else
/// `None`.
pub fn area_for_field(areas: &[ServiceArea], field: &str) -> Option<char> {
    let key = field_key(field);
    areas
        .iter()
        .find(|a| a.fields.iter().any(|f| field_key(f) == key))
        .or_else(|| areas.iter().find(|a| a.fields.is_empty()))
        .map(|a| a.letter)
}

/// Reads an area letter as typed: `a` or ` A ` is `A`.
pub fn parse_area_letter(input: &str) -> Result<char, TicketError> {
    let trimmed = input.trim();
    let mut chars = trimmed.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => Ok(c.to_ascii_uppercase()),
        _ => Err(TicketError::BadAreaLetter(trimmed.to_string())),
    }
}

/// Reads a list of letters: `AB`, `A,B`, `a b`.
pub fn parse_area_letters(input: &str) -> Result<Vec<char>, TicketError> {
    let mut letters = Vec::new();
    for c in input.chars().filter(|c| !c.is_whitespace() && *c != ',') {
        let letter = parse_area_letter(&c.to_string())?;
        if !letters.contains(&letter) {
            letters.push(letter);
        }
    }
    if letters.is_empty() {
        return Err(TicketError::NoAreas);
    }
    Ok(letters)
}

/// Checks queue settings before they are saved and returns them cleaned: letters
/// upper case and unique, names present, no field in two areas, the counter's
/// areas among them, the prefix short and plain (it is read out and printed).
pub fn check_queue_settings(input: &QueueSettings) -> Result<QueueSettings, TicketError> {
    let mut areas: Vec<ServiceArea> = Vec::new();
    if input.areas.is_empty() {
        return Err(TicketError::NoAreas);
    }
    for a in &input.areas {
        let letter = parse_area_letter(&a.letter.to_string())?;
        if areas.iter().any(|b| b.letter == letter) {
            return Err(TicketError::DuplicateArea(letter));
        }
        let name = clean_line(&a.name);
        if name.is_empty() || name.chars().count() > MAX_AREA_NAME {
            return Err(TicketError::AreaName(letter));
        }
        let mut fields: Vec<String> = Vec::new();
        for f in a
            .fields
            .iter()
            .map(|f| clean_line(f))
            .filter(|f| !f.is_empty())
        {
            let key = field_key(&f);
            let taken = areas
                .iter()
                .flat_map(|b| &b.fields)
                .chain(&fields)
                .any(|g| field_key(g) == key);
            if taken {
                return Err(TicketError::FieldTwice(f));
            }
            fields.push(f);
        }
        areas.push(ServiceArea {
            letter,
            name,
            fields,
        });
    }
    let mut counter_areas = Vec::new();
    for &c in &input.counter_areas {
        let letter = parse_area_letter(&c.to_string())?;
        if !areas.iter().any(|a| a.letter == letter) {
            return Err(TicketError::UnknownArea(letter));
        }
        if !counter_areas.contains(&letter) {
            counter_areas.push(letter);
        }
    }
    if counter_areas.is_empty() {
        return Err(TicketError::NoAreas);
    }
    let prefix = input.queue_prefix.trim().to_ascii_uppercase();
    if prefix.chars().count() > MAX_PREFIX_LEN || !prefix.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(TicketError::BadPrefix(
            input.queue_prefix.trim().to_string(),
        ));
    }
    Ok(QueueSettings {
        areas,
        counter_areas,
        queue_prefix: prefix,
    })
}

#[cfg(test)]
mod tests;
