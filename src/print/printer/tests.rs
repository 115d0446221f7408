use super::*;

fn job(printer: Option<&str>) -> PrintJob {
    PrintJob {
        title: "Giấy tiếp nhận 000.00.12.H56-261125-1001".into(),
        media: "A5".into(),
        printer: printer.map(str::to_string),
    }
}

#[test]
fn lp_arguments_name_queue_title_media_and_file() {
    let args = lp_args(&job(Some("HP_LaserJet")), Path::new("/tmp/x.pdf"));
    let args: Vec<_> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        args,
        [
            "-d",
            "HP_LaserJet",
            "-t",
            "Giấy tiếp nhận 000.00.12.H56-261125-1001",
            "-o",
            "media=A5",
            "-o",
            "fit-to-page",
            "/tmp/x.pdf"
        ]
    );
    let default_queue = lp_args(&job(Some("  ")), Path::new("/tmp/x.pdf"));
    assert!(!default_queue.iter().any(|a| a == "-d"));
    assert!(
        !lp_args(&job(None), Path::new("/tmp/x.pdf"))
            .iter()
            .any(|a| a == "-d")
    );
}

#[test]
fn powershell_path_quotes_are_doubled() {
    let cmd = powershell_print_command(Path::new(r"C:\Users\O'Brien\Temp\quay.pdf"));
    assert_eq!(
        cmd,
        r"Start-Process -FilePath 'C:\Users\O''Brien\Temp\quay.pdf' -Verb Print"
    );
}

#[test]
fn temp_files_get_distinct_names() {
    let a = write_temp_pdf(b"%PDF-a").unwrap();
    let b = write_temp_pdf(b"%PDF-b").unwrap();
    assert_ne!(a, b);
    assert_eq!(std::fs::read(&a).unwrap(), b"%PDF-a");
    std::fs::remove_file(a).unwrap();
    std::fs::remove_file(b).unwrap();
}
