//! The corpus is what the crate documentation promises: deterministic, unique
//! names, balanced tables, chains across years, sums over children, name
//! variants, missing reports, and planted errors exactly where listed.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use xxgk_model::{Active, Active2021Row, AppealGroup, Number, RequestRow, RowKind, Table};
use xxgk_synth::{generate, simplified, BodyKind, Corpus, Format, Spec};

fn spec() -> Spec {
    Spec {
        seed: 42,
        bodies: 150,
        years: 2019..=2024,
        formats: Format::ALL.to_vec(),
        plant: true,
        missing_rate: 0.15,
        blank_rate: 0.0,
    }
}

fn int(v: Option<Number>) -> i64 {
    v.and_then(|n| n.as_i64()).expect("an integer cell")
}

fn requests(r: &xxgk_synth::SynthReport) -> &Table<RequestRow> {
    r.model.requests.as_ref().unwrap()
}

fn planted_rules(corpus: &Corpus) -> BTreeMap<(usize, i32), &'static str> {
    corpus
        .planted
        .iter()
        .map(|p| ((p.body, p.year), p.rule))
        .collect()
}

#[test]
fn the_same_spec_gives_the_same_corpus() {
    let (a, b) = (generate(&spec()), generate(&spec()));
    assert_eq!(a.reports.len(), b.reports.len());
    for (x, y) in a.reports.iter().zip(&b.reports) {
        assert_eq!(
            (&x.file_name, &x.text, &x.model),
            (&y.file_name, &y.text, &y.model)
        );
    }
    assert_eq!(a.planted, b.planted);
    assert_eq!(a.agencies_csv(), b.agencies_csv());
    let c = generate(&Spec { seed: 43, ..spec() });
    assert_ne!(a.agencies_csv(), c.agencies_csv());
}

#[test]
fn bodies_are_unique_and_form_a_tree() {
    for bodies in [1, 7, 20, 150, 600] {
        let corpus = generate(&Spec {
            bodies,
            plant: false,
            ..spec()
        });
        assert_eq!(corpus.bodies.len(), bodies);
        let names: HashSet<&str> = corpus.bodies.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names.len(), bodies, "names unique");
        let slugs: HashSet<&str> = corpus.bodies.iter().map(|b| b.slug.as_str()).collect();
        assert_eq!(slugs.len(), bodies, "slugs unique");
        // Every printed form names one body.
        let mut forms: BTreeMap<String, usize> = BTreeMap::new();
        for (i, b) in corpus.bodies.iter().enumerate() {
            for form in std::iter::once(&b.name).chain(&b.variants) {
                if let Some(other) = forms.insert(form.clone(), i) {
                    assert_eq!(other, i, "{form} names two bodies");
                }
            }
        }
        for (i, b) in corpus.bodies.iter().enumerate() {
            assert!(["省级", "市级", "县级", "乡级"].contains(&b.level.as_str()));
            assert!(b.slug.is_ascii());
            match b.parent_index {
                Some(p) => {
                    assert!(p < i, "parents come first");
                    assert_eq!(b.parent.as_deref(), Some(corpus.bodies[p].name.as_str()));
                    assert_eq!(corpus.bodies[p].kind, BodyKind::Government);
                }
                None => assert!(b.parent.is_none()),
            }
        }
        let files: HashSet<&str> = corpus
            .reports
            .iter()
            .map(|r| r.file_name.as_str())
            .collect();
        assert_eq!(files.len(), corpus.reports.len(), "file names unique");
    }
}

#[test]
fn a_large_corpus_has_every_level_and_kind() {
    let corpus = generate(&Spec {
        bodies: 300,
        plant: false,
        ..spec()
    });
    let kinds: BTreeSet<(String, BodyKind)> = corpus
        .bodies
        .iter()
        .map(|b| (b.level.clone(), b.kind))
        .collect();
    assert_eq!(kinds.len(), 7, "{kinds:?}");
    assert!(corpus.bodies.iter().any(|b| b.name.ends_with("街道办事处")));
    assert!(corpus.bodies.iter().any(|b| b.name.ends_with("镇人民政府")));
    assert!(corpus.bodies.iter().any(|b| b.name.ends_with("乡人民政府")));
    assert!(corpus.bodies.iter().any(|b| b.sums_children));
}

#[test]
fn every_report_balances_where_nothing_was_planted() {
    let corpus = generate(&spec());
    let planted = planted_rules(&corpus);
    for r in &corpus.reports {
        let t = requests(r);
        let balance_planted = planted.get(&(r.body, r.year)) == Some(&"requests-balance");
        let mut unbalanced = 0;
        for (row, cells) in t.rows() {
            let sum: i64 = cells[..6].iter().map(|c| int(*c)).sum();
            assert_eq!(sum, int(cells[6]), "{} row {:?}", r.file_name, row);
        }
        for c in 0..7 {
            let outcomes: i64 = RequestRow::OUTCOMES
                .iter()
                .map(|&row| t.get(row, c).map_or(0, |n| n.as_i64().unwrap()))
                .sum();
            assert_eq!(
                outcomes,
                int(t.get(RequestRow::Total, c)),
                "{}",
                r.file_name
            );
            let left = int(t.get(RequestRow::Received, c)) + int(t.get(RequestRow::CarriedIn, c));
            let right = int(t.get(RequestRow::Total, c)) + int(t.get(RequestRow::CarriedOut, c));
            if balance_planted {
                unbalanced += usize::from(left != right);
            } else {
                assert_eq!(left, right, "{} column {c}", r.file_name);
            }
        }
        assert_eq!(
            unbalanced,
            if balance_planted { 2 } else { 0 },
            "{}",
            r.file_name
        );
        let a = r.model.appeals.as_ref().unwrap();
        for &g in AppealGroup::ALL {
            let parts: i64 = (0..4).map(|p| int(a.get(g, p))).sum();
            assert_eq!(parts, int(a.get(g, 4)));
        }
        // Templates follow the year; townships make no 规章.
        let template = r.model.active.as_ref().unwrap().template();
        assert_eq!(template, xxgk_model::Template::for_year(r.year));
        if corpus.bodies[r.body].level != "省级" && corpus.bodies[r.body].level != "市级" {
            let regulations: Vec<Option<Number>> = match r.model.active.as_ref().unwrap() {
                Active::V2019(t) => (0..3)
                    .map(|p| t.get(xxgk_model::Active2019Row::Regulations, p))
                    .collect(),
                Active::V2021(t) => (0..3)
                    .map(|p| t.get(Active2021Row::Regulations, p))
                    .collect(),
            };
            assert!(
                regulations
                    .iter()
                    .all(|v| v.is_none() || *v == Some(Number::ZERO)),
                "{}",
                r.file_name
            );
        }
    }
    let balance: Vec<_> = corpus
        .planted
        .iter()
        .filter(|p| p.rule == "requests-balance")
        .collect();
    assert!(!balance.is_empty());
}

#[test]
fn chains_hold_across_years_except_where_planted() {
    let corpus = generate(&spec());
    let planted = planted_rules(&corpus);
    let mut carry_checked = 0;
    for r in &corpus.reports {
        let Some(last) = corpus.report(r.body, r.year - 1) else {
            continue;
        };
        let rule = planted.get(&(r.body, r.year)).copied();
        let carry_ok = (0..7).all(|c| {
            requests(r).get(RequestRow::CarriedIn, c)
                == requests(last).get(RequestRow::CarriedOut, c)
        });
        assert_eq!(
            carry_ok,
            rule != Some("carry-chain"),
            "{} {}",
            r.file_name,
            r.year
        );
        carry_checked += 1;
        if let (Some(Active::V2021(this)), Some(Active::V2021(prev))) =
            (&r.model.active, &last.model.active)
        {
            let holds = |row| match (
                prev.get(row, 2),
                this.get(row, 0),
                this.get(row, 1),
                this.get(row, 2),
            ) {
                (Some(b), Some(i), Some(d), Some(n)) => {
                    int(Some(b)) + int(Some(i)) - int(Some(d)) == int(Some(n))
                }
                _ => true,
            };
            let ok = holds(Active2021Row::Regulations) && holds(Active2021Row::NormativeDocuments);
            assert_eq!(
                ok,
                rule != Some("in-force-chain"),
                "{} {}",
                r.file_name,
                r.year
            );
        }
    }
    assert!(carry_checked > 500);
}

#[test]
fn summing_parents_are_the_sum_of_their_children() {
    let corpus = generate(&spec());
    let planted = planted_rules(&corpus);
    let mut parents = 0;
    for (p, body) in corpus
        .bodies
        .iter()
        .enumerate()
        .filter(|(_, b)| b.sums_children)
    {
        parents += 1;
        let children: Vec<usize> = (0..corpus.bodies.len())
            .filter(|&c| corpus.bodies[c].parent_index == Some(p))
            .collect();
        assert!(children.len() >= 2);
        for year in corpus.reports_of(p).iter().map(|r| r.year) {
            let parent = corpus.report(p, year).unwrap();
            let equal = parent
                .model
                .cell_values()
                .into_iter()
                .filter(|(path, _)| !path.starts_with("active"))
                .all(|(path, v)| {
                    let sum: i64 = children
                        .iter()
                        .map(|&c| {
                            int(corpus
                                .report(c, year)
                                .expect("children always report")
                                .model
                                .value(path))
                        })
                        .sum();
                    int(v) == sum
                });
            assert_eq!(
                equal,
                planted.get(&(p, year)) != Some(&"hierarchy-sum"),
                "{} {year}",
                body.name
            );
        }
    }
    assert!(parents > 0);
}

#[test]
fn magnitudes_follow_the_level() {
    let corpus = generate(&Spec {
        bodies: 400,
        plant: false,
        ..spec()
    });
    let mut by_kind: BTreeMap<(String, BodyKind, bool), Vec<i64>> = BTreeMap::new();
    for r in &corpus.reports {
        let b = &corpus.bodies[r.body];
        let received = int(requests(r).get(RequestRow::Received, 6));
        by_kind
            .entry((b.level.clone(), b.kind, b.sums_children))
            .or_default()
            .push(received);
    }
    let mean = |key: (&str, BodyKind, bool)| {
        let v = &by_kind[&(key.0.to_string(), key.1, key.2)];
        v.iter().sum::<i64>() as f64 / v.len() as f64
    };
    let townships = &by_kind[&("乡级".to_string(), BodyKind::Government, false)];
    assert!(townships.iter().all(|&n| n <= 20), "{townships:?}");
    assert!(
        townships.iter().filter(|&&n| n == 0).count() * 3 > townships.len(),
        "many zeros"
    );
    assert!((10.0..100.0).contains(&mean(("县级", BodyKind::Government, false))));
    assert!((100.0..2000.0).contains(&mean(("市级", BodyKind::Government, false))));
    assert!(mean(("省级", BodyKind::Government, false)) > 500.0);
}

#[test]
fn printed_names_vary_and_come_back_to_the_body() {
    let corpus = generate(&Spec {
        bodies: 400,
        plant: false,
        ..spec()
    });
    let (mut canonical, mut variant, mut traditional) = (0, 0, 0);
    for r in &corpus.reports {
        let b = &corpus.bodies[r.body];
        let plain = simplified(&r.printed_agency);
        assert_eq!(r.model.agency.as_deref(), Some(plain.as_str()));
        assert!(
            plain == b.name || b.variants.contains(&plain),
            "{plain} is not a form of {}",
            b.name
        );
        if plain != r.printed_agency {
            traditional += 1;
            assert!(r.text.contains(&r.printed_agency));
        } else if plain == b.name {
            canonical += 1;
        } else {
            variant += 1;
        }
    }
    assert!(
        canonical > variant && variant > 20 && traditional > 10,
        "{canonical} {variant} {traditional}"
    );
}

#[test]
fn missing_reports_and_formats() {
    let corpus = generate(&Spec {
        bodies: 200,
        missing_rate: 0.2,
        blank_rate: 0.0,
        plant: false,
        ..spec()
    });
    let possible = corpus.bodies.len() * 6;
    let missing = possible - corpus.reports.len();
    assert!(
        (possible / 10..possible * 3 / 10).contains(&missing),
        "{missing} of {possible}"
    );
    let formats: BTreeSet<&str> = corpus.reports.iter().map(|r| r.format.as_str()).collect();
    assert_eq!(formats.len(), 3);
    let html = generate(&Spec {
        bodies: 30,
        formats: vec![Format::Html],
        ..spec()
    });
    assert!(html
        .reports
        .iter()
        .all(|r| r.format == Format::Html && r.file_name.ends_with(".html")));
    let none = generate(&Spec {
        bodies: 30,
        missing_rate: 0.0,
        blank_rate: 0.0,
        plant: false,
        ..spec()
    });
    assert_eq!(none.reports.len(), 30 * 6);
    assert!(none.planted.is_empty());
}

#[test]
fn every_rule_is_planted_once_at_least_and_never_twice_in_a_report() {
    let corpus = generate(&spec());
    let rules: BTreeSet<&str> = corpus.planted.iter().map(|p| p.rule).collect();
    assert_eq!(
        rules,
        BTreeSet::from([
            "carry-chain",
            "copied-text",
            "hierarchy-sum",
            "in-force-chain",
            "requests-balance"
        ])
    );
    let places: HashSet<(usize, i32)> = corpus.planted.iter().map(|p| (p.body, p.year)).collect();
    assert_eq!(places.len(), corpus.planted.len());
    for p in &corpus.planted {
        assert!(
            corpus.report(p.body, p.year).is_some(),
            "planted in a report that exists"
        );
    }
    let share = corpus.planted.len() as f64 / corpus.reports.len() as f64;
    assert!((0.01..0.1).contains(&share), "{share}");
}

#[test]
fn written_corpus_has_files_agency_list_and_ground_truth() {
    let corpus = generate(&Spec {
        bodies: 25,
        ..spec()
    });
    let dir = std::env::temp_dir().join(format!("xxgk-synth-test-{}", std::process::id()));
    corpus.write_to(&dir).unwrap();
    for r in &corpus.reports {
        assert_eq!(
            std::fs::read_to_string(dir.join(&r.file_name)).unwrap(),
            r.text
        );
    }
    let csv = std::fs::read_to_string(dir.join("agencies.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("name,region,level,parent"));
    assert_eq!(lines.count(), 25);
    let sums = std::fs::read_to_string(dir.join("agencies-sums.csv")).unwrap();
    assert_eq!(sums, corpus.agencies_csv_with_sums());
    assert_eq!(sums.lines().next(), Some("name,region,level,parent,sums"));
    let yes = sums.lines().filter(|l| l.ends_with(",yes")).count();
    assert_eq!(
        yes,
        corpus.bodies.iter().filter(|b| b.sums_children).count()
    );
    assert!(yes > 0);
    let planted: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("planted.json")).unwrap()).unwrap();
    assert_eq!(planted.as_array().unwrap().len(), corpus.planted.len());
    let bodies: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("bodies.json")).unwrap()).unwrap();
    assert_eq!(bodies.as_array().unwrap().len(), 25);
    std::fs::remove_dir_all(&dir).unwrap();
}
