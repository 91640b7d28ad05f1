//! `current_account` against what `id` reports (the test may run `id`; the library must not).
use skranke_os::current_account;
use std::collections::BTreeSet;
use std::process::Command;

/// The trimmed output of `id ARGS`.
fn id(args: &[&str]) -> String {
    let out = Command::new("id").args(args).output().expect("run id");
    assert!(out.status.success(), "id {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("id prints UTF-8").trim().to_owned()
}

#[test]
fn the_account_is_the_one_id_reports() {
    let me = current_account().unwrap();
    assert_eq!(me.name, id(&["-un"]));
    assert_eq!(me.id, id(&["-u"]));
}

#[test]
fn the_groups_are_the_ones_id_reports_each_once_primary_included() {
    let me = current_account().unwrap();
    // `id -Gn NAME` reads the group database, as `current_account` does (`getgrouplist`); plain
    // `id -Gn` shows the groups this process inherited, which a container or `newgrp` can change.
    // `id` prints a number for a group without a name; `current_account` leaves those out.
    let expected: BTreeSet<String> = id(&["-Gn", &me.name])
        .split_whitespace()
        .filter(|g| !g.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_owned)
        .collect();
    let got: BTreeSet<String> = me.groups.iter().cloned().collect();
    assert_eq!(got, expected);
    assert_eq!(got.len(), me.groups.len(), "a group listed twice: {:?}", me.groups);
    assert!(me.is_member(&id(&["-gn"])), "the primary group is missing: {:?}", me.groups);
}

#[test]
fn a_group_of_the_process_is_a_membership_a_made_up_one_is_not() {
    let me = current_account().unwrap();
    let listed = id(&["-Gn"]);
    let group = listed.split_whitespace().next().expect("id lists a group");
    assert!(me.is_member(group), "{group} not in {:?}", me.groups);
    assert!(!me.is_member("skranke-made-up-group-7c1e"));
    let shouted = group.to_uppercase();
    if shouted != group {
        assert!(!me.is_member(&shouted), "Unix group names compare exactly");
    }
}

/// Child side of the next test: run with `USER`/`LOGNAME` set to an impostor.
#[test]
#[ignore = "run by the_environment_cannot_change_the_account in a child process"]
fn child_reports_the_os_account() {
    if let Ok(expected) = std::env::var("SKRANKE_OS_TEST_EXPECT_NAME") {
        assert_eq!(current_account().unwrap().name, expected);
    }
}

#[test]
fn the_environment_cannot_change_the_account() {
    let real = id(&["-un"]);
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "account::child_reports_the_os_account", "--ignored", "--test-threads=1"])
        .env("USER", "skranke-impostor")
        .env("LOGNAME", "skranke-impostor")
        .env("USERNAME", "skranke-impostor")
        .env("SKRANKE_OS_TEST_EXPECT_NAME", &real)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("1 passed"), "the child test did not run: {stdout}");
}
