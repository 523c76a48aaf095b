use super::*;

#[test]
fn the_sections_hold_every_field_once_in_form_order() {
    let listed: Vec<Field> = SECTIONS
        .iter()
        .flat_map(|(_, f)| f.iter().copied())
        .collect();
    assert_eq!(listed, Field::ALL);
}
