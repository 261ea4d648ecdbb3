//! The accounts of the web application, and the report list it pages through.

use xxgk_store::accounts::{Accounts, Role};
use xxgk_store::{ReportFilter, SqliteStore, Store};

#[test]
fn a_user_logs_in_until_the_session_ends_or_the_user_is_disabled() {
    let mut accounts = Accounts::in_memory().unwrap();
    let id = accounts
        .add_user("张三", Role::Reviewer, "$hash", 100)
        .unwrap();
    let taken = accounts
        .add_user("张三", Role::Viewer, "$other", 101)
        .unwrap_err();
    assert!(taken.message.zh.contains("已存在"), "{}", taken.message.zh);

    accounts.start_session(id, "h1", "csrf1", 100, 200).unwrap();
    let session = accounts.session("h1", 150).unwrap().unwrap();
    assert_eq!(
        (session.user.name.as_str(), session.user.role),
        ("张三", Role::Reviewer)
    );
    assert_eq!(session.csrf, "csrf1");
    assert_eq!(
        accounts.session("h1", 200).unwrap(),
        None,
        "expired at its end"
    );
    assert_eq!(accounts.session("nope", 150).unwrap(), None);

    accounts.start_session(id, "h2", "csrf2", 150, 400).unwrap();
    accounts.set_disabled("张三", true).unwrap();
    assert_eq!(
        accounts.session("h2", 160).unwrap(),
        None,
        "disabling ends sessions"
    );
    accounts.set_disabled("张三", false).unwrap();
    assert_eq!(
        accounts.session("h2", 160).unwrap(),
        None,
        "and they stay ended"
    );

    accounts.start_session(id, "h3", "csrf3", 170, 400).unwrap();
    accounts.set_password("张三", "$new").unwrap();
    assert_eq!(
        accounts.session("h3", 180).unwrap(),
        None,
        "a new password ends sessions"
    );
    assert_eq!(
        accounts.user_by_name("张三").unwrap().unwrap().password,
        "$new"
    );

    accounts.start_session(id, "h4", "csrf4", 170, 400).unwrap();
    accounts.end_session("h4").unwrap();
    assert_eq!(accounts.session("h4", 180).unwrap(), None, "logged out");
    assert!(accounts.set_role("nobody", Role::Admin).is_err());
}

#[test]
fn an_api_token_works_until_revoked_and_records_its_use() {
    let mut accounts = Accounts::in_memory().unwrap();
    let id = accounts
        .add_user("script", Role::Viewer, "$hash", 0)
        .unwrap();
    let other = accounts.add_user("other", Role::Admin, "$hash", 0).unwrap();
    let token = accounts.add_token(id, "夜间导出", "t1", 10).unwrap();
    assert_eq!(
        accounts.token_user("t1", 20).unwrap().unwrap().name,
        "script"
    );
    let listed = accounts.tokens(id).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].label.as_str(), listed[0].last_used),
        ("夜间导出", Some(20))
    );
    assert!(
        !accounts.revoke_token(other, token).unwrap(),
        "only its owner revokes it"
    );
    accounts.set_disabled("script", true).unwrap();
    assert_eq!(
        accounts.token_user("t1", 30).unwrap(),
        None,
        "a disabled user's tokens stop"
    );
    accounts.set_disabled("script", false).unwrap();
    assert!(accounts.revoke_token(id, token).unwrap());
    assert_eq!(accounts.token_user("t1", 40).unwrap(), None);
}

#[test]
fn the_roles_are_ordered_and_spelled_as_stored() {
    assert!(Role::Viewer < Role::Reviewer && Role::Reviewer < Role::Admin);
    for role in Role::ALL {
        assert_eq!(Role::parse(role.as_str()), Some(role));
    }
    assert_eq!(Role::parse("root"), None);
}

#[test]
fn the_report_list_counts_filters_and_pages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let mut store = SqliteStore::open(db.to_str().unwrap()).unwrap();
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/seeds");
    let mut entries = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let report = xxgk_extract::extract_bytes(&bytes, &name).unwrap();
        entries.push(xxgk_store::Ingested {
            file: name,
            sha256: report.source.sha256.clone(),
            bytes,
            extractor: "v1".into(),
            outcome: xxgk_store::Outcome::Report(Box::new(
                xxgk_store::EncodedReport::new(report, None, &[], |_| {}).unwrap(),
            )),
        });
    }
    store
        .write(&xxgk_store::Batch {
            entries,
            names: Vec::new(),
        })
        .unwrap();
    let all = store.report_page(&ReportFilter::default(), 0, 2).unwrap();
    assert_eq!((all.total, all.rows.len()), (5, 2));
    let rest = store.report_page(&ReportFilter::default(), 4, 2).unwrap();
    assert_eq!(rest.rows.len(), 1);
    let years: Vec<Option<i32>> = store
        .report_page(&ReportFilter::default(), 0, 10)
        .unwrap()
        .rows
        .iter()
        .map(|r| r.year)
        .collect();
    let mut newest_first = years.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(years, newest_first);
    let year = years[0].unwrap();
    let of_year = store
        .report_page(
            &ReportFilter {
                year: Some(year),
                ..ReportFilter::default()
            },
            0,
            10,
        )
        .unwrap();
    assert_eq!(
        of_year.total as usize,
        years.iter().filter(|y| **y == Some(year)).count()
    );
    let named = store
        .report_page(
            &ReportFilter {
                body: Some("004_ca48".into()),
                ..ReportFilter::default()
            },
            0,
            10,
        )
        .unwrap();
    assert_eq!(named.total, 1, "the file name matches");
    let facets = store.facets().unwrap();
    assert_eq!(facets.formats, vec!["text".to_string()]);
    assert!(facets.years.contains(&year));
    let first = store.report(all.rows[0].id).unwrap().unwrap();
    assert_eq!(first, all.rows[0]);
    assert_eq!(store.report(999).unwrap(), None);
}
