//! Describes one Amazon Connect user.
//!
//! ```text
//! cargo run -p connect-client --example describe_user -- --instance-id I --user-id U [--region R]
//! ```
//!
//! Region and credentials come from the standard environment (`AWS_REGION`,
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
//! `AWS_PROFILE` and the shared config files) unless `--region` is given.
//! Prints the user (sensitive members redacted) or the error on one line and
//! exits non-zero.

use std::process::ExitCode;

const USAGE: &str = "usage: describe_user --instance-id <ID> --user-id <ID> [--region <REGION>]";

struct Args {
    instance_id: String,
    user_id: String,
    region: Option<String>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut instance_id, mut user_id, mut region) = (None, None, None);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg, None),
        };
        let slot = match flag.as_str() {
            "--instance-id" => &mut instance_id,
            "--user-id" => &mut user_id,
            "--region" => &mut region,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        };
        let value = match inline.or_else(|| args.next()) {
            Some(v) => v,
            None => return Err(format!("`{flag}` needs a value\n{USAGE}")),
        };
        *slot = Some(value);
    }
    match (instance_id, user_id) {
        (Some(instance_id), Some(user_id)) => Ok(Args { instance_id, user_id, region }),
        _ => Err(format!("both --instance-id and --user-id are required\n{USAGE}")),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let mut config = connect_client::Config::builder();
    if let Some(region) = args.region {
        config = config.region(region);
    }
    let client = connect_client::Client::from_conf(config.build());
    match client.describe_user().instance_id(args.instance_id).user_id(args.user_id).send().await {
        Ok(output) => {
            match output.user() {
                Some(user) => println!("{user:#?}"),
                None => println!("the service returned no user"),
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
