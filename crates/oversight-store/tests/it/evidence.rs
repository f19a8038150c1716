//! police.uk counts and indicator values: stored per kind, force and month, replaced as a group.

use oversight_domain::evidence::{CountKey, Kind};

use super::*;

/// Counts, with their indicator values computed as the pipeline computes them.
struct Evidence {
    counts: std::collections::BTreeMap<CountKey, u64>,
    values: Vec<oversight_domain::evidence::ValueRow>,
    indicators: Vec<(Kind, &'static str)>,
}

impl Evidence {
    fn batch(&self) -> oversight_store::EvidenceBatch<'_> {
        oversight_store::EvidenceBatch {
            counts: &self.counts,
            values: &self.values,
            indicators: &self.indicators,
        }
    }
}

fn evidence(rows: &[(&str, &str, &str, &str, u64)]) -> Evidence {
    let mut agg = oversight_evidence::Aggregation::default();
    for &(force, month, crime, outcome, n) in rows {
        agg.counts.insert(
            CountKey {
                kind: Kind::Street,
                force: force.into(),
                month: month.parse().expect("month"),
                key1: crime.into(),
                key2: outcome.into(),
            },
            n,
        );
    }
    let values = oversight_evidence::indicator::values(agg.counts.iter().map(|(k, n)| (k, *n)));
    let indicators = oversight_evidence::indicator::INDICATORS
        .iter()
        .map(|i| (i.kind, i.id))
        .collect();
    Evidence {
        counts: agg.counts,
        values,
        indicators,
    }
}

fn evidence_file(sha: &str) -> oversight_store::EvidenceFile {
    oversight_store::EvidenceFile {
        sha256: sha.into(),
        name: format!("{sha}.csv"),
        bytes: 10,
        rows_read: 5,
        rows_rejected: 0,
    }
}

#[tokio::test]
async fn evidence_for_a_month_already_stored_replaces_it() {
    const UTP: &str = "Unable to prosecute suspect";
    for (name, store, _guard) in backends().await {
        let first = evidence(&[
            ("Hampshire Constabulary", "2017-04", "Burglary", UTP, 30),
            ("Hampshire Constabulary", "2017-04", "Drugs", "", 70),
            ("Kent Police", "2017-04", "Burglary", UTP, 5),
            ("Kent Police", "2017-04", "Drugs", "", 45),
        ]);
        let stored = store
            .store_evidence(first.batch(), &[evidence_file("a")])
            .await
            .expect("stored");
        assert_eq!((stored.groups, stored.replaced), (2, 0), "{name}");
        let version = store.data_version().await.expect("version");
        // Hampshire's April again, with other counts: replaced, never added.
        let again = evidence(&[("Hampshire Constabulary", "2017-04", "Burglary", UTP, 10)]);
        let stored = store
            .store_evidence(again.batch(), &[evidence_file("b")])
            .await
            .expect("stored");
        assert_eq!((stored.groups, stored.replaced), (1, 1), "{name}");
        assert!(
            store.data_version().await.expect("version") > version,
            "{name}: caches must see it"
        );
        let counts = store.evidence_counts().await.expect("counts");
        let hampshire: Vec<_> = counts
            .iter()
            .filter(|c| c.reported_by == "Hampshire Constabulary")
            .collect();
        assert_eq!(hampshire.len(), 1, "{name}");
        assert_eq!(hampshire[0].n, 10, "{name}");
        assert_eq!(hampshire[0].force.as_deref(), Some("hampshire"), "{name}");
        let values = store
            .indicator_values(
                "unable_to_prosecute_share",
                Some("2017-04".parse().expect("month")),
            )
            .await
            .expect("values");
        let by_force: Vec<(Option<&str>, u64, u64)> = values
            .iter()
            .map(|v| (v.force, v.numerator, v.denominator))
            .collect();
        assert_eq!(
            by_force,
            vec![(Some("hampshire"), 10, 10), (Some("kent"), 5, 50)],
            "{name}"
        );
        let known = store
            .evidence_files_known(&["a".into(), "b".into(), "c".into()])
            .await
            .expect("known");
        assert_eq!(known.len(), 2, "{name}");
        assert_eq!(
            store
                .indicator_months("unable_to_prosecute_share")
                .await
                .expect("months")
                .len(),
            1,
            "{name}"
        );
        assert!(
            !store
                .link_finding_indicator("no-such-finding", "unable_to_prosecute_share", "test")
                .await
                .expect("link"),
            "{name}"
        );
    }
}
