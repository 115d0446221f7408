use super::*;

const CODE: &str = "000.00.12.H56-261125-1001";

#[test]
fn symbol_is_the_code_exactly() {
    let sym = encode(CODE).unwrap();
    let reference = QrCode::with_error_correction_level(CODE, EcLevel::M).unwrap();
    assert_eq!(sym.width, reference.width());
    let expected: Vec<bool> = reference
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    assert_eq!(sym.dark, expected);
    // A different code gives a different symbol, so the slip cannot carry a
    // stale or truncated code unnoticed.
    assert_ne!(encode("000.00.12.H56-261125-1002").unwrap().dark, sym.dark);
}

#[test]
fn rectangles_cover_exactly_the_dark_modules_inside_the_quiet_zone() {
    let sym = encode(CODE).unwrap();
    let m = sym.module_mm(19.0);
    let side = sym.modules_with_quiet_zone();
    let mut painted = vec![false; side * side];
    for r in sym.rects(m) {
        let col = (r.x_mm / m).round() as usize;
        let row = (r.y_mm / m).round() as usize;
        let len = (r.w_mm / m).round() as usize;
        assert!((r.h_mm - m).abs() < 1e-4);
        assert!(len >= 1);
        for x in col..col + len {
            assert!(!painted[row * side + x], "module painted twice");
            painted[row * side + x] = true;
        }
    }
    for y in 0..side {
        for x in 0..side {
            let inside = (QUIET_ZONE..QUIET_ZONE + sym.width).contains(&x)
                && (QUIET_ZONE..QUIET_ZONE + sym.width).contains(&y);
            let expected = inside && sym.is_dark(x - QUIET_ZONE, y - QUIET_ZONE);
            assert_eq!(painted[y * side + x], expected, "module ({x}, {y})");
        }
    }
}

#[test]
fn printed_size_is_large_enough_for_a_phone() {
    let sym = encode(CODE).unwrap();
    let m = sym.module_mm(super::super::style::QR_SYMBOL_MM_A5);
    assert!(sym.width as f32 * m >= 18.0);
    assert!(sym.side_mm(m) > sym.width as f32 * m + 2.0 * 3.0 * m);
    // Modules of at least 0.5 mm are what cheap phone cameras resolve.
    assert!(m >= 0.5, "module {m} mm");
}

#[test]
fn finder_patterns_are_where_readers_expect_them() {
    let sym = encode(CODE).unwrap();
    let w = sym.width;
    for (ox, oy) in [(0, 0), (w - 7, 0), (0, w - 7)] {
        for i in 0..7 {
            assert!(sym.is_dark(ox + i, oy) && sym.is_dark(ox + i, oy + 6));
            assert!(sym.is_dark(ox, oy + i) && sym.is_dark(ox + 6, oy + i));
        }
        assert!(!sym.is_dark(ox + 1, oy + 1));
        assert!(sym.is_dark(ox + 3, oy + 3));
    }
}
