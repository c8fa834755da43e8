//! `tiny-ours INSTANCE_ID USER_ID`: DescribeUser, prints the username.
//! Region and credentials from the environment / shared config files.

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(instance), Some(user)) = (args.next(), args.next()) else {
        eprintln!("usage: tiny-ours INSTANCE_ID USER_ID");
        std::process::exit(2);
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = connect_client::Client::from_conf(connect_client::Config::builder().build());
    match rt.block_on(client.describe_user().instance_id(instance).user_id(user).send()) {
        Ok(out) => println!("{:?}", out.user().and_then(|u| u.username())),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
