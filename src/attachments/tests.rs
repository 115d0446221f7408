use super::*;

#[test]
fn stores_by_hash_once() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("Giấy khai sinh.pdf");
    fs::write(&src, b"abc").unwrap();
    let store = dir.path().join("attachments");
    let a = import_file(&src, &store).unwrap();
    assert_eq!(
        a.sha256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(a.size_bytes, 3);
    assert_eq!(a.file_name, "Giấy khai sinh.pdf");
    assert_eq!(fs::read(stored_path(&store, &a.sha256)).unwrap(), b"abc");
    let again = import_file(&src, &store).unwrap();
    assert_eq!(again, a);
    assert_eq!(
        fs::read_dir(&store).unwrap().count(),
        1,
        "no temporary file left behind"
    );
}

#[test]
fn refuses_directories_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        import_file(dir.path(), dir.path()),
        Err(AttachmentError::NotAFile(_))
    ));
    let missing = import_file(&dir.path().join("nope"), dir.path());
    assert!(matches!(missing, Err(AttachmentError::Read { .. })));
}
