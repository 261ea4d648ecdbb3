//! The request register in the corpus database: append-only history, the
//! current case written with its event, stale versions refused, imports all
//! or nothing, invalid cases never stored, an older database migrated.

use xxgk_model::RequestRow;
use xxgk_register::{Applicant, Case, Channel, Date, Extension, Outcome, RegisterError};
use xxgk_store::register::{Action, RegisterStoreError};
use xxgk_store::{SqliteStore, Store};

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::new(y, m, day).unwrap()
}

fn case(id: &str) -> Case {
    let mut case = Case::new(
        id,
        Applicant::NaturalPerson,
        Channel::Online,
        d(2025, 1, 20),
    );
    case.content = "征收补偿方案".into();
    case
}

#[test]
fn two_people_editing_at_once_never_lose_an_edit_silently() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xxgk.db");
    let path = path.to_str().unwrap();
    let mut store = SqliteStore::open(path).unwrap();
    let added = store.register_add(&case("2025-001"), "李四").unwrap();
    assert_eq!(added.version, 1);
    assert_eq!(added.updated_by, "李四");

    // Both read version 1.
    let mut first = store.register_case("2025-001").unwrap().unwrap();
    let mut second = first.clone();
    first.case.assignee = Some("李四".into());
    second.case.concluded = Some(d(2025, 2, 14));
    second.case.outcome = Outcome::new(RequestRow::Granted);

    let saved = store
        .register_update(&first.case, first.version, "李四")
        .unwrap();
    assert_eq!(saved.version, 2);
    let err = store
        .register_update(&second.case, second.version, "王五")
        .unwrap_err();
    let RegisterStoreError::Conflict {
        based_on,
        current,
        ref by,
        ..
    } = err
    else {
        panic!("{err:?}");
    };
    assert_eq!((based_on, current, by.as_str()), (1, 2, "李四"));
    assert!(
        err.message().zh.contains("已被 李四"),
        "{}",
        err.message().zh
    );
    assert!(err.message().en.contains("nothing was saved"));
    // The first edit stands; the second is not half-applied.
    let now = store.register_case("2025-001").unwrap().unwrap();
    assert_eq!(now.case.assignee.as_deref(), Some("李四"));
    assert_eq!(now.case.outcome, None);

    // Rebased on the current version, the second edit goes in, keeping the first.
    let mut rebased = now.case.clone();
    rebased.concluded = Some(d(2025, 2, 14));
    rebased.outcome = Outcome::new(RequestRow::Granted);
    assert_eq!(
        store
            .register_update(&rebased, now.version, "王五")
            .unwrap()
            .version,
        3
    );

    let history = store.register_history("2025-001").unwrap();
    let summary: Vec<(u64, Action, &str)> = history
        .iter()
        .map(|e| (e.version, e.action, e.who.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (1, Action::Add, "李四"),
            (2, Action::Update, "李四"),
            (3, Action::Update, "王五")
        ]
    );
    assert_eq!(history[0].case.as_ref().unwrap().assignee, None);
    drop(store);

    // Committed writes are there after reopening.
    let store = SqliteStore::open_read_only(path).unwrap();
    assert_eq!(store.register_case("2025-001").unwrap().unwrap().version, 3);
}

#[test]
fn the_history_is_append_only_and_removal_leaves_a_trace() {
    let mut store = SqliteStore::in_memory().unwrap();
    store.register_add(&case("A"), "甲").unwrap();
    store.register_remove("A", 1, "乙").unwrap();
    assert!(store.register_case("A").unwrap().is_none());
    assert!(store.register_cases().unwrap().is_empty());
    let history = store.register_history("A").unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        (history[1].action, history[1].who.as_str()),
        (Action::Remove, "乙")
    );
    assert!(history[1].case.is_none());
    // The events cannot be changed or deleted, even in SQL.
    for sql in [
        "DELETE FROM register_events",
        "UPDATE register_events SET who = 'x'",
    ] {
        let err = store.conn_for_tests().execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
    }
    // The number can be taken again; its history goes on.
    assert_eq!(store.register_add(&case("A"), "丙").unwrap().version, 3);
}

#[test]
fn invalid_cases_and_duplicates_are_never_stored() {
    let mut store = SqliteStore::in_memory().unwrap();
    let mut bad = case("B");
    bad.extension = Some(Extension {
        approved: d(2025, 1, 21),
        approver: "主任".into(),
        days: 30,
    });
    let err = store.register_add(&bad, "甲").unwrap_err();
    assert!(
        matches!(err, RegisterStoreError::Invalid(RegisterError::Invalid(_))),
        "{err:?}"
    );
    store.register_add(&case("B"), "甲").unwrap();
    assert!(matches!(
        store.register_add(&case("B"), "甲"),
        Err(RegisterStoreError::Exists { .. })
    ));
    assert!(matches!(
        store.register_update(&case("C"), 1, "甲"),
        Err(RegisterStoreError::NotFound { .. })
    ));

    // An import with one case already registered takes none of them.
    let err = store
        .register_import(&[case("C"), case("D"), case("B")], "甲")
        .unwrap_err();
    assert!(matches!(err, RegisterStoreError::Exists { ref id } if id == "B"));
    assert_eq!(store.register_cases().unwrap().len(), 1);
    assert_eq!(
        store
            .register_import(&[case("C"), case("D")], "甲")
            .unwrap(),
        2
    );
    let ids: Vec<String> = store
        .register_cases()
        .unwrap()
        .into_iter()
        .map(|c| c.case.id)
        .collect();
    assert_eq!(ids, ["B", "C", "D"]);
}

#[test]
fn the_register_lives_beside_the_corpus_and_reading_never_creates_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xxgk.db");
    let path = path.to_str().unwrap();
    {
        let mut store = SqliteStore::open(path).unwrap();
        let agency = xxgk_store::Agency {
            name: "王岗镇人民政府".into(),
            ..Default::default()
        };
        store.set_agencies(&[agency]).unwrap();
    }
    {
        let store = SqliteStore::open_read_only(path).unwrap();
        assert!(store.register_cases().unwrap().is_empty());
        assert!(store.register_history("E").unwrap().is_empty());
    }
    let mut store = SqliteStore::open(path).unwrap();
    store.register_add(&case("E"), "甲").unwrap();
    assert_eq!(store.register_cases().unwrap().len(), 1);
    assert_eq!(store.agencies().unwrap().len(), 1);
}
