//! End to end in a real browser: Debian's Chromium driven through chromedriver, from the
//! national table to a force, an inspection and a finding. Without chromedriver this test
//! fails and says so (CI installs it); set OVERSIGHT_SKIP_BROWSER=1 to skip it on purpose.

use std::process::{Child, Command, Stdio};

use thirtyfour::prelude::*;

use crate::TestApp;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// chromedriver on a free port, killed when dropped.
#[derive(Debug)]
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_driver() -> Option<Driver> {
    if !std::path::Path::new(CHROMEDRIVER).exists() {
        if std::env::var_os("OVERSIGHT_SKIP_BROWSER").is_some() {
            eprintln!(
                "SKIPPED the browser test: {CHROMEDRIVER} is not installed and OVERSIGHT_SKIP_BROWSER is set"
            );
            return None;
        }
        panic!(
            "{CHROMEDRIVER} is not installed (apt-get install chromium chromium-driver), or set OVERSIGHT_SKIP_BROWSER=1"
        );
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let url = format!("http://127.0.0.1:{port}");
    let driver = Driver { child, url };
    // Wait until it answers its status endpoint (bounded: 200 tries, 50 ms apart).
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client
            .get(format!("{}/status", driver.url))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return Some(driver);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("chromedriver did not start on port {port}");
}

fn artifact(name: &str) -> std::path::PathBuf {
    let dir = std::env::var_os("OVERSIGHT_ARTIFACTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/artifacts")
        });
    std::fs::create_dir_all(&dir).expect("the artifacts folder");
    dir.join(name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn from_the_national_table_to_a_finding() {
    let Some(chromedriver) = start_driver().await else {
        return;
    };
    let app = TestApp::start().await;
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary(CHROMIUM).expect("binary");
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
    ] {
        caps.add_arg(arg).expect("argument");
    }
    let driver = WebDriver::new(&chromedriver.url, caps)
        .await
        .expect("a browser session");
    let result = walk(&driver, &app).await;
    let shot = artifact("e2e-finding.png");
    let saved = driver.screenshot(&shot).await;
    driver.quit().await.expect("the browser closes");
    result.expect("the walk through the pages");
    saved.expect("a screenshot");
    println!("screenshot of the finding page saved to {}", shot.display());
}

async fn walk(driver: &WebDriver, app: &TestApp) -> WebDriverResult<()> {
    driver
        .goto(format!("{}/?cycle=2018/19", app.address))
        .await?;
    assert_eq!(
        driver.find(By::Tag("h1")).await?.text().await?,
        "PEEL grades, PEEL 2018/19"
    );
    // The national table: Borsetshire's row, then its page.
    driver
        .find(By::LinkText("Borsetshire Constabulary"))
        .await?
        .click()
        .await?;
    assert_eq!(
        driver.find(By::Tag("h1")).await?.text().await?,
        "Borsetshire Constabulary"
    );
    assert!(
        driver.find(By::Css("figure.chart svg")).await.is_ok(),
        "the grade history chart is drawn"
    );
    // Its 2016 effectiveness inspection, from the history table's link on the national table.
    driver.goto(format!("{}/?cycle=2016", app.address)).await?;
    let cell = driver
        .find(By::Css(
            r#"a[href="/inspections/borsetshire-2016-effectiveness"]"#,
        ))
        .await?;
    assert!(cell.text().await?.contains("Requires improvement"));
    cell.click().await?;
    let title = driver.find(By::Tag("h1")).await?.text().await?;
    assert_eq!(title, "Borsetshire Constabulary: PEEL 2016 Effectiveness");
    // The cause of concern's first recommendation.
    let finding = driver
        .find(By::PartialLinkText("every report of stalking"))
        .await?;
    finding.click().await?;
    assert_eq!(
        driver.find(By::Tag("h1")).await?.text().await?,
        "Recommendation for Borsetshire Constabulary"
    );
    let mark = driver.find(By::Css(".provenance-excerpt mark")).await?;
    assert!(
        mark.text()
            .await?
            .starts_with("The force should immediately ensure")
    );
    let deadlines = driver
        .find(By::XPath("//dt[text()='Deadlines']/following-sibling::dd"))
        .await?
        .text()
        .await?;
    assert_eq!(deadlines.trim(), "Immediately");
    Ok(())
}
