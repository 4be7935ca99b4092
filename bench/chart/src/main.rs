//! `bench-chart IN.tsv OUT.svg`: one horizontal bar per benchmark figure, its length the
//! figure's value divided by its limit (1.0 = exactly at the target), green when the target is
//! met and red when not, with the target drawn as a vertical line at 1.0.
//!
//! IN.tsv has one figure per line: `label<TAB>value<TAB>limit<TAB>text`, where `text` is what
//! the bar is annotated with (for example `0.21 (≤ 0.25)`). Written by `cargo xtask bench`.

use plotters::prelude::*;
use std::process::ExitCode;

struct Figure {
    label: String,
    value: f64,
    limit: f64,
    text: String,
}

impl Figure {
    fn relative(&self) -> f64 {
        self.value / self.limit
    }
}

fn parse(text: &str) -> Result<Vec<Figure>, String> {
    let mut figures = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [label, value, limit, text] = fields[..] else {
            return Err(format!("line {}: expected 4 tab-separated fields", n + 1));
        };
        let number = |s: &str, what: &str| -> Result<f64, String> {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| format!("line {}: {what} `{s}` is not a number ≥ 0", n + 1))
        };
        let value = number(value, "value")?;
        let limit = number(limit, "limit")?;
        if limit == 0.0 {
            return Err(format!("line {}: the limit is 0", n + 1));
        }
        figures.push(Figure {
            label: label.to_string(),
            value,
            limit,
            text: text.to_string(),
        });
    }
    if figures.is_empty() {
        return Err("no figures to draw".to_string());
    }
    Ok(figures)
}

fn draw(figures: &[Figure], out: &str) -> Result<(), Box<dyn std::error::Error>> {
    let rows = figures.len();
    let height = 110 + 26 * rows as u32;
    let root = SVGBackend::new(out, (1100, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let longest = figures.iter().map(Figure::relative).fold(0.0, f64::max);
    // Room right of the longest bar for its annotation.
    let x_max = (longest * 1.25).max(2.0);
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "smelt / aws-sdk-rust, each figure divided by its target (≤ 1 = target met)",
            ("sans-serif", 18),
        )
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(0)
        .build_cartesian_2d(0.0..x_max, 0.0..rows as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .x_desc("ratio ÷ target")
        .x_label_formatter(&|x| format!("{x:.1}"))
        .draw()?;
    for (i, f) in figures.iter().enumerate() {
        // The first figure at the top.
        let top = (rows - i) as f64 - 0.15;
        let bottom = (rows - i - 1) as f64 + 0.15;
        let met = f.value <= f.limit;
        let colour = if met {
            RGBColor(120, 190, 120)
        } else {
            RGBColor(225, 110, 100)
        };
        let end = f.relative().min(x_max);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, bottom), (end, top)],
            colour.filled(),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            format!("{}: {}", f.label, f.text),
            (0.02, top - 0.12),
            ("sans-serif", 13).into_font().color(&BLACK),
        )))?;
    }
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(1.0, 0.0), (1.0, rows as f64)],
        BLACK.stroke_width(2),
    )))?;
    chart.draw_series(std::iter::once(Text::new(
        "target",
        (1.01, rows as f64 - 0.05),
        ("sans-serif", 12).into_font().color(&BLACK),
    )))?;
    root.present()?;
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = &args[..] else {
        eprintln!("usage: bench-chart IN.tsv OUT.svg");
        return ExitCode::from(2);
    };
    let result = std::fs::read_to_string(input)
        .map_err(|e| format!("{input}: {e}"))
        .and_then(|text| parse(&text).map_err(|e| format!("{input}: {e}")))
        .and_then(|figures| draw(&figures, output).map_err(|e| format!("{output}: {e}")));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-chart: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_figures_and_rejects_bad_lines() {
        let figures =
            parse("a. lines\t0.24\t0.25\t0.24 (≤ 0.25)\n\nc. crates\t94\t70\t94 (≤ 70)\n")
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(figures.len(), 2);
        assert!((figures[0].relative() - 0.96).abs() < 1e-9);
        assert!(figures[1].relative() > 1.0);
        assert!(parse("x\t1\t0\tt").is_err());
        assert!(parse("x\tone\t1\tt").is_err());
        assert!(parse("x\t1\t1").is_err());
        assert!(parse("\n").is_err());
    }
}
