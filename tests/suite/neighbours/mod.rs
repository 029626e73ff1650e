//! Books built by the real mdBook with our preprocessor and the real
//! neighbour preprocessors (issue 19): `#[ignore]`d because they need the
//! neighbours installed; `.ci/run` installs them and runs
//! `cargo test --test suite neighbours:: -- --ignored`.

mod gettext;

/// The neighbours are where `.ci/run` puts them, at the pinned versions.
#[test]
#[ignore = "needs the neighbour preprocessors that .ci/run installs"]
fn installed() {
    use crate::support::neighbours::{CRATES, bin};
    for (_, version, bins) in CRATES {
        for name in *bins {
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
