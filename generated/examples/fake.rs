//! The local fake of Amazon Connect (feature `fake`) serving the client, as
//! an integration test of your own code would use it.
//!
//! ```text
//! cargo run -p connect-client --features fake --example fake
//! ```
//!
//! Starts the fake on a free port, registers a `DescribeUser` handler, has
//! the fake throttle the next call (the client retries it), calls it for a
//! user the handler knows and one it does not (a modeled
//! `ResourceNotFoundException`), sends an instance id longer than the
//! model allows (the fake answers `InvalidParameterException`), and prints
//! what the fake received.

use connect_client::config::RetryConfig;
use connect_client::fake::Fake;
use connect_client::operation::describe_user::{DescribeUserError, DescribeUserOutput};
use connect_client::types::User;
use connect_client::types::error::ResourceNotFoundException;
use connect_client::{Client, Config};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = Fake::builder().start("127.0.0.1:0").await?;
    println!("fake listening at {}", fake.url());
    fake.describe_user(|input| async move {
        match input.user_id() {
            Some("jane") => Ok(DescribeUserOutput::builder().user(User::builder().id("jane").username("jane.doe").build()).build()),
            other => Err(DescribeUserError::ResourceNotFoundException(
                ResourceNotFoundException::builder().message(format!("no user {other:?}")).build(),
            )),
        }
    });
    fake.faults().describe_user().throttle_next(1);

    // Validation on the client is turned off so that the fake's own check
    // is what answers the last call.
    let config = Config::builder().test_defaults().endpoint_url(fake.url()).retry_config(RetryConfig::standard()).validate_requests(false).build();
    let client = Client::from_conf(config);
    // The last instance id is longer than the model's 100 characters.
    let too_long = "i".repeat(101);
    for (instance, user) in [("instance-1", "jane"), ("instance-1", "bob"), (too_long.as_str(), "jane")] {
        match client.describe_user().instance_id(instance).user_id(user).send().await {
            Ok(out) => println!("{user:?}: {:?}", out.user().and_then(|u| u.username())),
            Err(e) => println!("{user:?}: {} {:?}", e.code().unwrap_or("-"), e.message()),
        }
    }
    for call in fake.received().describe_user() {
        println!("received {} {}", call.request.method, call.request.uri);
    }
    Ok(())
}
