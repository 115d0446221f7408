//! The intake form as typed: strings until saved, so nothing typed is ever lost
//! to a parse error.

use crate::domain::catalog::{DocumentKind, Procedure};
use crate::domain::dossier::{
    Applicant, Attachment, Channel, DossierDraft, ReceivedDocument, ResultDelivery,
};
use crate::domain::format::{fmt_vnd, parse_vnd};
use crate::domain::validate::{FieldError, FormField};

/// One line of the documents checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct DocRow {
    pub received: bool,
    pub name: String,
    pub kind: DocumentKind,
    pub count: String,
    /// "[Nếu ủy quyền]" and the like: only some applicants bring it.
    pub condition: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Form {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub email: String,
    pub channel: Channel,
    pub documents: Vec<DocRow>,
    pub sets: String,
    pub fee: String,
    pub delivery: ResultDelivery,
    pub note: String,
    /// Only asked when the catalog gives no processing time.
    pub deadline_days: String,
    pub attachments: Vec<Attachment>,
}

impl Form {
    /// A fresh form for `procedure`: its checklist with every unconditional paper
    /// ticked, its fee where the catalog has a number. Applicant fields are kept so
    /// changing the procedure does not lose what was typed.
    pub fn for_procedure(&self, procedure: &Procedure) -> Form {
        Form {
            documents: procedure
                .documents
                .iter()
                .map(|d| DocRow {
                    received: !d.is_conditional(),
                    name: d.name.clone(),
                    kind: d.kind,
                    count: d.count.to_string(),
                    condition: d.condition.clone(),
                })
                .collect(),
            sets: "1".into(),
            fee: procedure
                .fee
                .amount()
                .map(fmt_vnd)
                .unwrap_or_else(|| fmt_vnd(0)),
            deadline_days: String::new(),
            ..self.clone()
        }
    }

    pub fn is_blank(&self) -> bool {
        [
            &self.name,
            &self.id_number,
            &self.phone,
            &self.address,
            &self.email,
            &self.note,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
            && self.attachments.is_empty()
    }

    /// The draft to validate and store, or the fields that are not even numbers.
    pub fn to_draft(&self, procedure_code: &str) -> Result<DossierDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut documents = Vec::new();
        for (i, d) in self
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| d.received)
        {
            match d.count.trim().parse::<u16>() {
                Ok(count) => documents.push(ReceivedDocument {
                    name: d.name.clone(),
                    kind: d.kind,
                    count,
                }),
                Err(_) => errors.push(FieldError {
                    field: FormField::Documents,
                    vi: format!("Số lượng của giấy tờ thứ {} phải là số (1–99).", i + 1),
                    en: format!("count of document {} must be a number", i + 1),
                }),
            }
        }
        let sets = self.sets.trim().parse::<u16>().unwrap_or_else(|_| {
            errors.push(FieldError {
                field: FormField::Sets,
                vi: "Số bộ hồ sơ phải là số (1–99).".into(),
                en: "sets must be a number".into(),
            });
            1
        });
        let fee_vnd = match self.fee.trim() {
            "" => Some(0),
            typed => parse_vnd(typed).or_else(|| {
                errors.push(FieldError {
                    field: FormField::Fee,
                    vi: "Lệ phí phải là số tiền, ví dụ 50.000.".into(),
                    en: "fee must be an amount in VND".into(),
                });
                None
            }),
        };
        let deadline_working_days = match self.deadline_days.trim() {
            "" => None,
            typed => typed.parse::<u16>().map(Some).unwrap_or_else(|_| {
                errors.push(FieldError {
                    field: FormField::Deadline,
                    vi: "Số ngày làm việc phải là số.".into(),
                    en: "deadline must be a number of working days".into(),
                });
                None
            }),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let email = Some(self.email.clone()).filter(|e| !e.trim().is_empty());
        Ok(DossierDraft {
            procedure_code: procedure_code.to_string(),
            applicant: Applicant {
                name: self.name.clone(),
                id_number: self.id_number.clone(),
                phone: self.phone.clone(),
                address: self.address.clone(),
                email,
            },
            channel: self.channel,
            received_at: None,
            documents: Some(documents),
            sets,
            fee_vnd,
            result_delivery: self.delivery,
            note: self.note.clone(),
            deadline_working_days,
            attachments: self.attachments.clone(),
        })
    }
}
