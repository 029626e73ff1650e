//! Books built by the real mdBook with our preprocessor and the real
//! neighbour preprocessors (issue 19): `#[ignore]`d because they need the
//! neighbours installed; `.ci/run` installs them and runs
//! `cargo test --test suite neighbours:: -- --ignored`.

mod gettext;

/// The neighbours are where `.ci/run` puts them, at the pinned versions:
/// as cargo recorded the installation (`$NEIGHBOURS_ROOT/.crates.toml`),
/// and as each binary says with `--version` (mdbook-i18n-helpers' binaries
/// have no `--version`: they read mdBook's JSON whatever the arguments).
#[test]
#[ignore = "needs the neighbour preprocessors that .ci/run installs"]
fn installed() {
    use crate::support::neighbours::{CRATES, bin, bin_dir};
    let record = bin_dir().parent().unwrap().join(".crates.toml");
    let record: toml::Table = std::fs::read_to_string(&record)
        .unwrap_or_else(|e| panic!("{}: {e}", record.display()))
        .parse()
        .unwrap();
    let installed = record["v1"].as_table().unwrap();
    for (krate, version, bins) in CRATES {
        let prefix = format!("{krate} {version} ");
        let listed = installed
            .iter()
            .find(|(key, _)| key.starts_with(&prefix))
            .map(|(_, bins)| bins.as_array().unwrap().clone())
            .unwrap_or_else(|| panic!("{krate} {version} is not installed: {installed:?}"));
        for name in *bins {
            assert!(
                listed.iter().any(|b| b.as_str() == Some(*name)),
                "{krate} {version} did not install {name}"
            );
            bin(name);
            if *krate == "mdbook-i18n-helpers" {
                continue;
            }
            let out = std::process::Command::new(bin(name))
                .arg("--version")
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                text.contains(version),
                "{name} --version printed {text:?}, not {version}"
            );
        }
    }
}
