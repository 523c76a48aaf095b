use super::*;

fn parse(args: &[&str]) -> Result<Command, String> {
    parse_args(args.iter().map(|s| (*s).to_owned()))
}

#[test]
fn parses_the_two_commands() {
    assert!(matches!(
        parse(&[]),
        Ok(Command::Dashboard { config: None })
    ));
    assert!(
        matches!(parse(&["--config", "u.toml"]), Ok(Command::Dashboard { config: Some(c) }) if c == "u.toml")
    );
    assert!(
        matches!(parse(&["sandbox", "--listen", "127.0.0.1:9"]), Ok(Command::Sandbox { listen }) if listen.port() == 9)
    );
    assert!(parse(&["sandbox", "--listen", "nope"]).is_err());
    assert!(matches!(parse(&["--version"]), Ok(Command::Version)));
    assert!(parse(&["--bogus"]).is_err());
}
