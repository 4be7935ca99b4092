//! The application: reads an item through the generated client.
//! Usage: `app ENDPOINT_URL` (credentials and region come from the environment).

use shop_client::{Client, Config};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let endpoint = std::env::args().nth(1).ok_or("usage: app ENDPOINT_URL")?;
    let client = Client::from_conf(Config::builder().endpoint_url(endpoint).build());
    let out = client.get_item().id("kettle-1").send().await?;
    let item = out.item.ok_or("no item in the response")?;
    println!("{}: {}", item.name.unwrap_or_default(), item.price.unwrap_or_default());
    Ok(())
}
