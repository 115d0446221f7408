use super::*;
use crate::domain::Localized;

fn one(raw: &str) -> RequiredDocument {
    let mut docs = parse_documents(raw);
    assert_eq!(docs.len(), 1, "{raw}");
    docs.remove(0)
}

#[test]
fn plain_item_with_count() {
    let d = one("Đơn xin nhận con nuôi (1 bản chính)");
    assert_eq!(d.name, "Đơn xin nhận con nuôi");
    assert_eq!(d.kind, DocumentKind::Original);
    assert_eq!(d.count, 1);
    assert_eq!(d.detail, "1 bản chính");
    assert!(!d.is_conditional());
}

#[test]
fn shown_tags() {
    let d = one("[Xuất trình] Giấy tờ tùy thân còn giá trị (1 bản chính)");
    assert_eq!(d.kind, DocumentKind::Shown);
    assert_eq!(d.condition, None);
    assert_eq!(d.name, "Giấy tờ tùy thân còn giá trị");
    let d = one(
        "[Xuất trình, chỉ khi không khai thác được CSDLQG về dân cư] Giấy tờ chứng minh thông tin cư trú (1 bản chính)",
    );
    assert_eq!(d.kind, DocumentKind::Shown);
    assert_eq!(
        d.condition.as_deref(),
        Some("chỉ khi không khai thác được CSDLQG về dân cư")
    );
    assert!(d.is_conditional());
    let d = one("[Người dịch xuất trình] Giấy tờ tùy thân (1 bản chính)");
    assert_eq!(d.kind, DocumentKind::Shown);
    assert_eq!(d.condition, None);
    assert_eq!(d.name, "Giấy tờ tùy thân (người dịch)");
}

#[test]
fn condition_tags() {
    let d = one(
        "[Nếu ủy quyền] Văn bản ủy quyền có chứng thực (1 bản chính; không cần chứng thực nếu người được ủy quyền là ông, bà)",
    );
    assert_eq!(d.condition.as_deref(), Some("Nếu ủy quyền"));
    assert_eq!(d.kind, DocumentKind::Original);
    assert_eq!(d.name, "Văn bản ủy quyền có chứng thực");
    let d = one("[Trẻ bị bỏ rơi] Biên bản về việc trẻ bị bỏ rơi (1 bản chính)");
    assert_eq!(d.condition.as_deref(), Some("Trẻ bị bỏ rơi"));
}

#[test]
fn detail_before_an_online_alternative() {
    let d = one(
        "Tờ khai đăng ký khai sinh theo mẫu (1 bản chính; khi nộp trực tiếp/bưu chính) hoặc Mẫu hộ tịch điện tử tương tác (khi nộp trực tuyến)",
    );
    assert_eq!(d.detail, "1 bản chính; khi nộp trực tiếp/bưu chính");
    assert_eq!(
        d.name,
        "Tờ khai đăng ký khai sinh theo mẫu hoặc Mẫu hộ tịch điện tử tương tác (khi nộp trực tuyến)"
    );
    assert_eq!(d.kind, DocumentKind::Original);
    assert_eq!(d.count, 1);
}

#[test]
fn kinds_from_detail() {
    assert_eq!(one("Giấy X (1 bản sao)").kind, DocumentKind::Copy);
    assert_eq!(
        one("Giấy X (2 bản sao có chứng thực)").kind,
        DocumentKind::CertifiedCopy
    );
    assert_eq!(one("Giấy X (2 bản sao có chứng thực)").count, 2);
    assert_eq!(
        one("Giấy X (bản phô tô/bản sao có chứng thực)").kind,
        DocumentKind::CertifiedCopy
    );
    assert_eq!(
        one("Giấy X (bản chính hoặc bản sao có chứng thực)").kind,
        DocumentKind::Original
    );
    assert_eq!(one("Giấy X (1 bản chính, 1 bản sao; nộp trực tiếp có thể nộp bản sao kèm xuất trình bản chính)").kind, DocumentKind::Original);
    assert_eq!(
        one("Giấy X (bản sao; không cần nếu đã có)").kind,
        DocumentKind::Copy
    );
    assert_eq!(
        one("Giấy X (xuất trình, 1 bản chính)").kind,
        DocumentKind::Shown
    );
    assert_eq!(one("Giấy X").kind, DocumentKind::Original);
    assert_eq!(one("Giấy X (do cơ quan lập)").kind, DocumentKind::Original);
}

#[test]
fn kinds_from_name() {
    assert_eq!(
        one("Bản sao chứng thực Bằng 'Tổ quốc ghi công' (1 bản sao)").kind,
        DocumentKind::CertifiedCopy
    );
    assert_eq!(
        one("Bản sao được chứng thực giấy báo tử (1 bản sao)").kind,
        DocumentKind::CertifiedCopy
    );
    assert_eq!(
        one("[Nếu gửi qua bưu chính] Bản sao có chứng thực các giấy tờ phải xuất trình").kind,
        DocumentKind::CertifiedCopy
    );
    assert_eq!(one("Bản sao cần chứng thực (số lượng theo yêu cầu; nếu chỉ xuất trình bản chính thì cơ quan chứng thực chụp từ bản chính)").kind, DocumentKind::Copy);
    assert_eq!(
        one("[Sửa đổi] Bản sao giấy tờ chứng minh quyền sở hữu (kèm xuất trình bản chính)").kind,
        DocumentKind::Copy
    );
}

#[test]
fn counts() {
    assert_eq!(one("Giấy X (02 bản chính)").count, 2);
    assert_eq!(one("Giấy X (0 bản chính)").count, 1);
    assert_eq!(one("Giấy X (500 bản chính)").count, 99);
    assert_eq!(one("Giấy X (99999999 bản chính)").count, 99);
    assert_eq!(one("Đơn (Mẫu số 18) (1 bản chính)").count, 1);
    assert_eq!(one("Đơn theo Mẫu số 18 (nếu pháp luật yêu cầu)").count, 1);
    assert_eq!(
        one("[Trẻ] 02 ảnh toàn thân, nhìn thẳng, chụp không quá 06 tháng").count,
        2
    );
    assert_eq!(one("02 bộ bản vẽ thiết kế xây dựng điều chỉnh").count, 2);
    assert_eq!(one("Giấy khám sức khỏe (≤06 tháng) (1 bản chính)").count, 1);
    assert_eq!(one("Giấy X (3 tờ)").count, 3);
}

#[test]
fn optional_items() {
    let d = one("Giấy tờ liên quan khác (nếu có)");
    assert_eq!(d.condition.as_deref(), Some("Nếu có"));
    assert_eq!(d.name, "Giấy tờ liên quan khác");
    let d = one("Bản kê khai tài sản (nếu có) (bản gốc)");
    assert!(d.is_conditional());
    assert_eq!(d.name, "Bản kê khai tài sản (nếu có)");
    // The remark covers only the part after the semicolon.
    let d = one("Chứng từ thực hiện nghĩa vụ tài chính; giấy tờ miễn, giảm (nếu có)");
    assert!(!d.is_conditional());
}

#[test]
fn extra_paper_in_plus_group_is_not_the_detail() {
    let d = one(
        "[Con ≥18 tuổi đang đi học] Giấy xác nhận của cơ sở giáo dục (+ bản sao chứng thực bằng THPT)",
    );
    assert_eq!(d.kind, DocumentKind::Original);
    assert_eq!(d.detail, "");
    assert!(d.name.ends_with("(+ bản sao chứng thực bằng THPT)"));
}

#[test]
fn odd_items_still_have_a_name() {
    assert!(parse_documents("").is_empty());
    assert!(parse_documents(" | |").is_empty());
    assert_eq!(one("[Xuất trình]").name, "[Xuất trình]");
    assert_eq!(one("(1 bản chính)").name, "(1 bản chính)");
    assert_eq!(
        one("[Nếu ủy quyền Văn bản (1 bản chính)").name,
        "[Nếu ủy quyền Văn bản"
    );
    assert_eq!(one("Giấy (a (b) c) (1 bản sao)").name, "Giấy (a (b) c)");
    assert_eq!(one("Giấy ) lẻ (1 bản sao").name, "Giấy ) lẻ (1 bản sao");
    assert_eq!(parse_documents("A (1 bản chính) | B (1 bản sao)").len(), 2);
}

#[test]
fn every_bundled_document_parses_sensibly() {
    let procedures = parse_catalog_csv(crate::BUNDLED_CATALOG).unwrap();
    let mut total = 0;
    for p in &procedures {
        assert!(!p.documents.is_empty(), "{}", p.code);
        assert!(
            p.documents.iter().any(|d| !d.is_conditional()),
            "{} has no required paper",
            p.code
        );
        for d in &p.documents {
            total += 1;
            assert!(!d.name.trim().is_empty(), "{}: {d:?}", p.code);
            assert!(!d.name.starts_with('['), "{}: {d:?}", p.code);
            assert!((1..=99).contains(&d.count), "{}: {d:?}", p.code);
            assert!(char_len(&d.name) <= 500, "{}: {d:?}", p.code);
        }
    }
    assert_eq!(total, 311);
    let birth = procedures.iter().find(|p| p.code == "1.001193").unwrap();
    let kinds: Vec<DocumentKind> = birth.documents.iter().map(|d| d.kind).collect();
    use DocumentKind::*;
    assert_eq!(
        kinds,
        vec![
            Original, Original, Original, Original, Shown, Shown, Original
        ]
    );
    let conditional: Vec<bool> = birth.documents.iter().map(|d| d.is_conditional()).collect();
    assert_eq!(
        conditional,
        vec![false, false, true, true, false, true, true]
    );
}

#[test]
fn bundled_catalog_parses() {
    let procedures = parse_catalog_csv(crate::BUNDLED_CATALOG).unwrap();
    assert_eq!(procedures.len(), 80);
    let by_code = |c: &str| procedures.iter().find(|p| p.code == c).unwrap();
    let birth = by_code("1.001193");
    assert_eq!(birth.name, "Thủ tục đăng ký khai sinh");
    assert_eq!(birth.field, "Hộ tịch");
    assert_eq!(birth.level, "Cấp xã");
    assert_eq!(birth.deadline, Some(Deadline::SameDay));
    assert_eq!(birth.fee, Fee::Fixed(0));
    assert_eq!(by_code("2.000806").deadline, Some(Deadline::WorkingDays(5)));
    assert_eq!(by_code("2.000806").fee, Fee::Provincial);
    assert_eq!(by_code("2.002516").deadline, None);
    assert_eq!(by_code("1.011606").deadline, None);
    assert_eq!(by_code("2.001263").fee, Fee::Fixed(400_000));
    assert!(
        procedures
            .iter()
            .all(|p| unicode_normalization::is_nfc(&p.name))
    );
    assert!(!birth.online_fee_note.is_empty());
    assert!(!birth.deadline_note.is_empty());
}

#[test]
fn fee_text() {
    assert_eq!(Fee::Fixed(50_000).vi(), "50.000 đ");
    assert_eq!(Fee::Fixed(50_000).amount(), Some(50_000));
    assert_eq!(Fee::Provincial.vi(), "Theo mức do HĐND tỉnh quy định");
    assert_eq!(Fee::Provincial.amount(), None);
    assert_eq!(Fee::Unknown.vi(), "Chưa có thông tin");
}

const HEADER: &str = "code,name,field,deadline_working_days,same_day,fee_vnd,documents\n";

fn parse_rows(rows: &str) -> Result<Vec<Procedure>, ImportError> {
    parse_catalog_csv(&format!("{HEADER}{rows}"))
}

#[test]
fn small_catalog_and_deadline_rules() {
    let rows = "1.000001,A,Hộ tịch,0,TRUE,0,X (1 bản chính)\n\
                1.000002,B,Hộ tịch,5,FALSE,PROVINCIAL,\n\
                1.000003,C,Hộ tịch,UNKNOWN,UNKNOWN,UNKNOWN,\n\
                1.000004,D,Hộ tịch,0,FALSE,,\n\
                1.000005,E,Hộ tịch,,true,12,\n\
                1.000006,F,Hộ tịch,365,false,0,\n";
    let p = parse_rows(rows).unwrap();
    let deadlines: Vec<Option<Deadline>> = p.iter().map(|p| p.deadline).collect();
    assert_eq!(
        deadlines,
        vec![
            Some(Deadline::SameDay),
            Some(Deadline::WorkingDays(5)),
            None,
            Some(Deadline::SameDay),
            Some(Deadline::SameDay),
            Some(Deadline::WorkingDays(365)),
        ]
    );
    let fees: Vec<&Fee> = p.iter().map(|p| &p.fee).collect();
    assert_eq!(fees[1], &Fee::Provincial);
    assert_eq!(fees[2], &Fee::Unknown);
    assert_eq!(fees[3], &Fee::Unknown);
    assert_eq!(fees[4], &Fee::Fixed(12));
    assert_eq!(p[0].documents.len(), 1);
    assert_eq!(p[0].level, "");
}

#[test]
fn nfc_and_bom() {
    let text =
        format!("\u{feff}{HEADER}1.000001,\"  Thu\u{0309} tu\u{0323}c  A \",Hộ tịch,1,FALSE,0,\n");
    let p = parse_catalog_csv(&text).unwrap();
    assert_eq!(p[0].name, "Thủ tục A");
    assert_eq!(p[0].code, "1.000001");
}

fn err(rows: &str) -> ImportError {
    parse_rows(rows).unwrap_err()
}

#[test]
fn bad_rows_report_their_line() {
    let good = "1.000001,A,F,1,FALSE,0,\n";
    assert_eq!(err(&format!("{good}x.1,B,F,1,FALSE,0,\n")).line, 3);
    assert_eq!(err(&format!("{good}1.,B,F,1,FALSE,0,\n")).line, 3);
    assert_eq!(err(&format!("{good}1.000002,,F,1,FALSE,0,\n")).line, 3);
    assert_eq!(
        err(&format!(
            "{good}1.000002,{},F,1,FALSE,0,\n",
            "ễ".repeat(501)
        ))
        .line,
        3
    );
    assert!(parse_rows(&format!("1.000002,{},F,1,FALSE,0,\n", "ễ".repeat(500))).is_ok());
    assert_eq!(err(&format!("{good}1.000002,B,F,366,FALSE,0,\n")).line, 3);
    assert_eq!(err(&format!("{good}1.000002,B,F,-1,FALSE,0,\n")).line, 3);
    assert_eq!(
        err(&format!("{good}1.000002,B,F,3 ngày,FALSE,0,\n")).line,
        3
    );
    assert_eq!(err(&format!("{good}1.000002,B,F,1,YES,0,\n")).line, 3);
    let bad_fee = err(&format!("{good}1.000002,B,F,1,FALSE,50.000,\n"));
    assert_eq!(bad_fee.line, 3);
    assert!(bad_fee.message.contains("fee_vnd"));
    assert!(bad_fee.vi().starts_with("Dòng 3: "));
    assert_eq!(err(&format!("{good}1.000002,B,F,1,FALSE,-5,\n")).line, 3);
    assert_eq!(err(&format!("{good}1.000002,B,F,1,FALSE\n")).line, 3);
}

#[test]
fn duplicate_code() {
    let e = err("1.000001,A,F,1,FALSE,0,\n1.000002,B,F,1,FALSE,0,\n1.000001,C,F,1,FALSE,0,\n");
    assert_eq!(e.line, 4);
    assert!(e.message.contains("line 2"));
    assert!(e.message_vi.contains("dòng 2"));
}

#[test]
fn quoted_newlines_count_as_physical_lines() {
    let rows = "1.000001,A,F,1,FALSE,0,\"Tờ khai (1 bản chính) |\nGiấy tờ B (1 bản sao) |\n[Xuất trình] CCCD\"\n1.000002,B,F,1,FALSE,abc,\n";
    assert_eq!(err(rows).line, 5);
    let ok =
        parse_rows("1.000001,A,F,1,FALSE,0,\"Tờ khai (1 bản chính) |\nGiấy tờ B (1 bản sao)\"\n")
            .unwrap();
    assert_eq!(ok[0].documents.len(), 2);
    assert_eq!(
        ok[0].documents_raw,
        "Tờ khai (1 bản chính) | Giấy tờ B (1 bản sao)"
    );
}

#[test]
fn crlf_and_blank_lines_keep_physical_line_numbers() {
    let crlf = HEADER.replace('\n', "\r\n")
        + "1.000001,A,F,1,FALSE,0,\"x\r\ny\"\r\n1.000002,B,F,1,FALSE,0,\r\n1.000003,C,F,x,FALSE,0,\r\n";
    assert_eq!(parse_catalog_csv(&crlf).unwrap_err().line, 5);
    let blank = format!("{HEADER}1.000001,A,F,1,FALSE,0,\n\n\n1.000002,B,F,1,FALSE,oops,\n");
    assert_eq!(parse_catalog_csv(&blank).unwrap_err().line, 5);
    let ragged = format!("{HEADER}1.000001,A,F,1,FALSE,0,\r\n\r\n1.000002,B\r\n");
    let e = parse_catalog_csv(&ragged).unwrap_err();
    assert_eq!(e.line, 4);
    assert!(!e.message.contains("line"), "{}", e.message);
}

#[test]
fn missing_column_and_empty_files() {
    let e = parse_catalog_csv(
        "code,name,field,deadline_working_days,same_day,documents\n1.000001,A,F,1,FALSE,\n",
    )
    .unwrap_err();
    assert_eq!(e.line, 1);
    assert!(e.message.contains("fee_vnd"));
    assert!(e.message_vi.contains("fee_vnd"));
    assert_eq!(parse_catalog_csv(HEADER).unwrap_err().line, 1);
    assert_eq!(parse_catalog_csv("").unwrap_err().line, 1);
}

#[test]
fn column_order_and_extra_columns_do_not_matter() {
    let text = "documents,Fee_VND,same_day,deadline_working_days,field,name,code,source\n,0,FALSE,2,F,Tên,2.000001,x\n";
    let p = parse_catalog_csv(text).unwrap();
    assert_eq!(p[0].code, "2.000001");
    assert_eq!(p[0].deadline, Some(Deadline::WorkingDays(2)));
}
