//! Integration tests of the web application: the real app on a random port over a fresh
//! SQLite database holding the demo documents (written for Oversight in the real formats),
//! imported through the real importer. `browser` drives it in headless Chromium.

mod api;
mod auth;
mod browser;
mod contract;
mod files;
mod pages;
mod security;
mod workflow;

use std::path::Path;

use oversight_store::Store;

/// A running application and the database behind it.
#[derive(Debug)]
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub store: Store,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// Starts the app, built by the same function as production, on a free port.
    pub async fn start() -> TestApp {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = Store::open(dir.path().join("web.db").to_str().expect("utf-8"))
            .await
            .expect("the database opens");
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
        let mut names: Vec<_> = std::fs::read_dir(&demo)
            .expect("demo folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        names.sort();
        for path in names {
            if path.is_dir() {
                continue;
            }
            let name = path
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(&path).expect("readable");
            if name.ends_with(".csv") {
                oversight_pipeline::import_grades_table(&store, &name, &bytes)
                    .await
                    .expect("a grades table");
            } else if !name.ends_with(".md") {
                oversight_pipeline::import_bytes(&store, &name, &bytes)
                    .await
                    .expect("a document");
            }
        }
        // The demo's police.uk file, through the evidence engine, as `oversight demo` does.
        let sources = oversight_evidence::discover(&[demo.join("police-uk")]).expect("sources");
        let evidence = oversight_evidence::aggregate(&sources, &|_| {});
        oversight_pipeline::store_evidence(&store, &evidence, &[])
            .await
            .expect("evidence stored");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let address = format!("http://{}", listener.local_addr().expect("an address"));
        let served = store.clone();
        tokio::spawn(async move { oversight_web::serve(served, listener).await });
        TestApp {
            address,
            client: reqwest::Client::new(),
            store,
            _dir: dir,
        }
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the app answers");
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    }

    pub async fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let (status, body) = self.get(path).await;
        (
            status,
            serde_json::from_str(&body)
                .unwrap_or_else(|e| panic!("{path} did not answer JSON ({e}): {body}")),
        )
    }

    /// The id of the first finding matching an API query.
    pub async fn finding_id(&self, query: &str) -> String {
        let (_, body) = self.json(&format!("/api/v1/findings?{query}")).await;
        body["findings"][0]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no finding for {query}: {body}"))
            .to_owned()
    }
}
