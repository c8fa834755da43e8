//! `tiny-official INSTANCE_ID USER_ID`: DescribeUser, prints the username.
//! Region and credentials from the environment, read by hand (the official
//! way is aws-config, a larger dependency tree than measured here).

use aws_sdk_connect::config::{BehaviorVersion, Credentials, Region};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(instance), Some(user)) = (args.next(), args.next()) else {
        eprintln!("usage: tiny-official INSTANCE_ID USER_ID");
        std::process::exit(2);
    };
    let env = |k: &str| std::env::var(k).ok();
    let credentials = Credentials::new(
        env("AWS_ACCESS_KEY_ID").unwrap_or_default(),
        env("AWS_SECRET_ACCESS_KEY").unwrap_or_default(),
        env("AWS_SESSION_TOKEN"),
        None,
        "environment",
    );
    let config = aws_sdk_connect::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(env("AWS_REGION").unwrap_or_else(|| "us-east-1".into())))
        .credentials_provider(credentials)
        .build();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = aws_sdk_connect::Client::from_conf(config);
    match rt.block_on(client.describe_user().instance_id(instance).user_id(user).send()) {
        Ok(out) => println!("{:?}", out.user().and_then(|u| u.username())),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
