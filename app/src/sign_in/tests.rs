use super::*;

#[test]
fn reasons_round_trip_through_their_codes() {
    for reason in Reason::ALL {
        assert_eq!(Reason::from_code(reason.code()), Some(reason));
    }
    assert_eq!(Reason::from_code("<script>"), None);
}
