//! A small contact-center tool, written against aws-sdk-connect the way its
//! documentation shows. `cargo xtask parity` builds it twice, as it is and
//! against connect-client with only the `use` line below and the dependency
//! changed (`../ours`), runs both against one local server and requires the
//! same output.

use aws_sdk_connect as connect;

use connect::error::ProvideErrorMetadata;
use connect::operation::RequestId;
use connect::operation::describe_user::DescribeUserError;
use std::time::Duration;

fn client(endpoint: &str) -> connect::Client {
    let retry = connect::config::retry::RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20));
    let timeouts = connect::config::timeout::TimeoutConfig::builder().operation_timeout(Duration::from_secs(20)).build();
    let config = connect::Config::builder()
        .behavior_version(connect::config::BehaviorVersion::latest())
        .region(connect::config::Region::new("us-west-2"))
        .credentials_provider(connect::config::Credentials::new("AKIDPARITY", "parity-secret", None, None, "parity"))
        .endpoint_url(endpoint)
        .retry_config(retry)
        .timeout_config(timeouts)
        .build();
    connect::Client::from_conf(config)
}

async fn show(client: &connect::Client, user_id: &str) -> Result<(), connect::Error> {
    match client.describe_user().instance_id("instance-1").user_id(user_id).send().await {
        Ok(out) => {
            println!("request id {:?}", out.request_id());
            let Some(user) = out.user() else {
                println!("no user");
                return Ok(());
            };
            println!("user {} {:?} {:?}", user.username().unwrap_or("-"), user.id(), user.arn());
            if let Some(info) = user.identity_info() {
                println!("name {:?} {:?} email {:?}", info.first_name(), info.last_name(), info.email());
            }
            if let Some(phone) = user.phone_config() {
                println!(
                    "phone {:?} ({}) auto-accept {} after-contact work {} desk {:?}",
                    phone.phone_type(),
                    phone.phone_type().as_str(),
                    phone.auto_accept(),
                    phone.after_contact_work_time_limit(),
                    phone.desk_phone_number()
                );
            }
            println!("security profiles {:?}", user.security_profile_ids());
            let mut tags: Vec<(&String, &String)> = user.tags().map(|t| t.iter().collect()).unwrap_or_default();
            tags.sort();
            println!("tags {tags:?}");
            println!("modified {:?} in {:?}", user.last_modified_time().map(|t| (t.secs(), t.subsec_nanos())), user.last_modified_region());
            Ok(())
        }
        Err(err) => {
            println!("error code {:?} message {:?} request id {:?}", err.code(), err.message(), err.request_id());
            println!("status {:?}", err.raw_response().map(|r| r.status().as_u16()));
            match err.as_service_error() {
                Some(DescribeUserError::ResourceNotFoundException(e)) => println!("not found: {:?}", e.message()),
                Some(e) if e.is_throttling_exception() => println!("still throttled"),
                Some(e) => println!("another service error: {:?}", e.code()),
                None => println!("not a service error"),
            }
            Err(err.into())
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let endpoint = std::env::var("PARITY_ENDPOINT").expect("PARITY_ENDPOINT is the local server's URL");
    let client = client(&endpoint);
    for user in ["found", "missing", "unmodeled", "throttled-twice", "throttled-always"] {
        println!("== {user}");
        if let Err(e) = show(&client, user).await {
            println!("as connect::Error: code {:?} message {:?}", e.code(), e.message());
        }
    }
}
