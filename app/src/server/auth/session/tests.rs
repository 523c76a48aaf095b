use super::*;

fn settings(idle: u64, lifetime: u64) -> SessionSettings {
    SessionSettings {
        store: StoreSetting::Memory,
        idle: Duration::from_secs(idle),
        lifetime: Duration::from_secs(lifetime),
    }
}

#[test]
fn a_session_ends_at_its_lifetime_however_busy() {
    let signed_in = SignedIn::now(Caller::local_admin());
    let start = signed_in.since;
    let settings = settings(60, 3600);
    assert_eq!(signed_in.ended(&settings, start + 59), None);
    let busy = SignedIn {
        seen: start + 3599,
        ..signed_in
    };
    assert_eq!(busy.ended(&settings, start + 3599), None);
    assert_eq!(busy.ended(&settings, start + 3600), Some("lifetime"));
}

#[test]
fn a_session_ends_after_its_idle_time_unseen() {
    let signed_in = SignedIn::now(Caller::local_admin());
    let start = signed_in.since;
    let settings = settings(60, 3600);
    assert_eq!(signed_in.ended(&settings, start + 60), Some("idle"));
    let seen = SignedIn {
        seen: start + 50,
        ..signed_in.clone()
    };
    assert_eq!(seen.ended(&settings, start + 109), None);
    assert_eq!(seen.ended(&settings, start + 110), Some("idle"));
    // A session stored before `seen` existed counts from its sign-in.
    let old = SignedIn {
        seen: 0,
        ..signed_in
    };
    assert_eq!(old.ended(&settings, start + 59), None);
}

#[test]
fn seen_is_written_often_enough_and_not_on_every_request() {
    assert_eq!(refresh_every(Duration::from_secs(3600)), 60);
    assert_eq!(refresh_every(Duration::from_secs(120)), 30);
    assert_eq!(refresh_every(Duration::from_secs(2)), 1);
}

#[test]
fn a_secure_cookie_is_bound_to_the_host() {
    assert_eq!(cookie_name(true), "__Host-userdesk");
    assert_eq!(cookie_name(false), "userdesk");
}
