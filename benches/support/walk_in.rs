//! The intake form as the officer fills it for a walk-in: the dossier the
//! benchmarks save again and again.

use quay::domain::dossier::{Applicant, Channel, DossierDraft, ResultDelivery};

pub fn draft() -> DossierDraft {
    DossierDraft {
        procedure_code: "1.000894".into(),
        applicant: Applicant {
            name: "Nguyễn Thị Hường".into(),
            id_number: "038303001234".into(),
            phone: "0912345678".into(),
            address: "Thôn Yên Kỳ, xã Yên Kỳ, tỉnh Thanh Hóa".into(),
            email: None,
        },
        channel: Channel::Direct,
        received_at: None,
        documents: None,
        sets: 1,
        fee_vnd: None,
        result_delivery: ResultDelivery::Counter,
        note: String::new(),
        deadline_working_days: None,
        attachments: Vec::new(),
    }
}
