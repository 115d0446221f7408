//! Finding a procedure as the officer types: by words of its name or field,
//! with or without accents, or by the start of its code.

use std::collections::HashMap;

use super::catalog::Procedure;
use crate::text::fold;

/// Search keys computed once, so a keystroke costs only substring tests.
#[derive(Debug, Clone)]
struct Keys {
    name: String,
    field: String,
    code: String,
}

/// The catalog, ready to search.
#[derive(Debug, Clone, Default)]
pub struct ProcedureIndex {
    procedures: Vec<Procedure>,
    keys: Vec<Keys>,
    by_code: HashMap<String, usize>,
}

/// Folded, with punctuation other than '.' turned into spaces and spaces
/// collapsed: "nhận cha, mẹ, con" and the query "cha me" then meet.
fn search_key(s: &str) -> String {
    let folded: String = fold(s)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' {
                c
            } else {
                ' '
            }
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl ProcedureIndex {
    pub fn new(procedures: Vec<Procedure>) -> Self {
        let keys = procedures
            .iter()
            .map(|p| Keys {
                name: search_key(&p.name),
                field: search_key(&p.field),
                code: fold(p.code.trim()),
            })
            .collect();
        let mut by_code = HashMap::with_capacity(procedures.len());
        for (i, p) in procedures.iter().enumerate() {
            by_code.entry(p.code.trim().to_string()).or_insert(i);
        }
        Self {
            procedures,
            keys,
            by_code,
        }
    }

    /// At most `limit` procedures matching every word of `query`: first those
    /// whose code starts with the query, then those whose name contains the
    /// query as a phrase, then the rest; catalog order within each group.
    /// An empty query lists the catalog from the top.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Procedure> {
        let phrase = search_key(query);
        let tokens: Vec<&str> = phrase
            .split(' ')
            .map(|t| t.trim_matches('.'))
            .filter(|t| !t.is_empty())
            .collect();
        if tokens.is_empty() {
            return self.procedures.iter().take(limit).collect();
        }
        let mut hits: Vec<(u8, usize)> = self
            .keys
            .iter()
            .enumerate()
            .filter(|(_, k)| tokens.iter().all(|t| k.matches(t)))
            .map(|(i, k)| (k.rank(&phrase), i))
            .collect();
        hits.sort_unstable();
        hits.iter()
            .take(limit)
            .filter_map(|&(_, i)| self.procedures.get(i))
            .collect()
    }

    pub fn get(&self, code: &str) -> Option<&Procedure> {
        self.by_code
            .get(code.trim())
            .and_then(|&i| self.procedures.get(i))
    }

    pub fn len(&self) -> usize {
        self.procedures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.procedures.is_empty()
    }

    /// Every procedure, in catalog order.
    pub fn all(&self) -> &[Procedure] {
        &self.procedures
    }
}

impl Keys {
    fn matches(&self, token: &str) -> bool {
        self.name.contains(token) || self.field.contains(token) || self.code.contains(token)
    }

    fn rank(&self, phrase: &str) -> u8 {
        if self.code.starts_with(phrase) {
            0
        } else if self.name.contains(phrase) {
            1
        } else {
            2
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
