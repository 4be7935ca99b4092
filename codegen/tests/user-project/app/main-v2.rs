//! The application after the model's second version: `price` is now an `i64`, and
//! `DeleteItem` exists.

use shop_client::{Client, Config};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let endpoint = std::env::args().nth(1).ok_or("usage: app ENDPOINT_URL")?;
    let client = Client::from_conf(Config::builder().endpoint_url(endpoint).build());
    let out = client.get_item().id("kettle-1").send().await?;
    let item = out.item.ok_or("no item in the response")?;
    let price: i64 = item.price.unwrap_or_default();
    println!("{}: {price}", item.name.unwrap_or_default());
    client.delete_item().id("kettle-1").send().await?;
    println!("deleted");
    Ok(())
}
