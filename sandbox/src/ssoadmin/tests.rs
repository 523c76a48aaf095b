use super::*;

#[test]
fn instance_arns_have_the_aws_shape() {
    let re = validate::anchored(r"arn:aws:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}");
    let arn = instance_arn("d-9067a1b2c3", 0);
    assert!(re.is_match(&arn), "{arn}");
    assert_ne!(arn, instance_arn("d-90660f4e7d", 1));
}
