//! `make-scan-samples --out DIR [--count N] [--seed S] [--bad-each N] [--dpi D] [--assets DIR]`:
//! writes a set of test scans of paper stamkort and DIR/truth.json (crates/skranke-scan-samples).
//! Release build (a debug build takes a few times longer):
//! `cargo run --release -p skranke-scan-samples --bin make-scan-samples -- --out /tmp/scan-samples`.
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use skranke_photo::Models;
use skranke_scan_samples::{Options, default_assets_dir, generate};

/// Writes test scans of paper stamkort with their truth.
#[derive(Parser)]
struct Args {
    /// The directory to write to (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Good cards.
    #[arg(long, default_value_t = 60)]
    count: usize,
    /// Pages of each defect (no photo, two photos, no signature, photo upside down, blank page).
    #[arg(long, default_value_t = 2)]
    bad_each: usize,
    /// The seed: the same seed makes the same set.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// One resolution for every page instead of the 200/300/600 dpi mix.
    #[arg(long)]
    dpi: Option<f64>,
    /// The repository's assets directory.
    #[arg(long)]
    assets: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let started = Instant::now();
    let models = match Models::load_default() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("make-scan-samples: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut options = Options::new(args.assets.unwrap_or_else(default_assets_dir));
    options.seed = args.seed;
    options.good = args.count;
    options.bad_each = args.bad_each;
    options.dpi = args.dpi;
    let result = generate(&args.out, &options, &models, |f| {
        let dpi = f.pages.first().map_or(0.0, |p| p.dpi);
        eprintln!("{} ({} page(s), {dpi} dpi) {:.1} s", f.file, f.pages.len(), started.elapsed().as_secs_f64());
    });
    match result {
        Ok(truth) => {
            let pages: usize = truth.files.iter().map(|f| f.pages.len()).sum();
            eprintln!(
                "{} files, {pages} pages in {} ({:.1} s)",
                truth.files.len(),
                args.out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("make-scan-samples: {e}");
            ExitCode::FAILURE
        }
    }
}
