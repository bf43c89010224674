//! The dashboard's charts and tables, drawn as SVG (each with a table alternative).

use leptos::prelude::*;

use crate::domain::basics::money::{Currency, Minor};
use crate::ui::i18n::{fmt_money, number};

/// A two-column table: label and the display text.
pub(super) fn table(
    caption: &'static str,
    a: &'static str,
    b: &'static str,
    rows: &[(String, i64, String)],
) -> impl IntoView {
    view! {
        <table class="table"><caption class="sr-only">{caption}</caption>
            <thead><tr><th scope="col">{a}</th><th scope="col" class="num">{b}</th></tr></thead>
            <tbody>{rows.iter().map(|(l, _, t)| view! { <tr><th scope="row">{l.clone()}</th><td class="num">{t.clone()}</td></tr> }).collect_view()}</tbody>
        </table>
    }
}

const W: f64 = 320.0;

/// Vertical columns (revenue by month): short label under each, the highest value on top.
pub(super) fn columns(
    labelled_by: &'static str,
    rows: &[(String, String, Minor)],
    cur: Currency,
) -> impl IntoView {
    let peak = rows.iter().map(|r| r.2).max().unwrap_or(0);
    let max = peak.max(1) as f64;
    let slot = W / rows.len().max(1) as f64;
    let bar_w = (slot * 0.7).max(4.0);
    let (top, h) = (22.0, 150.0);
    let base = top + h;
    view! {
        <svg class="chart" viewBox={format!("0 0 {W} {}", base + 20.0)} role="img" aria-labelledby=labelled_by>
            <text x="0" y="14" class="chart-note">{tr!(reports.highest, amount = fmt_money(peak, cur))}</text>
            <line x1="0" x2={W} y1={base} y2={base} class="chart-axis" />
            {rows.iter().enumerate().map(|(i, (short, _, v))| {
                let bh = (*v).max(0) as f64 / max * h;
                let x = i as f64 * slot + (slot - bar_w) / 2.0;
                let mid = i as f64 * slot + slot / 2.0;
                view! {
                    <rect x={x} y={base - bh} width={bar_w} height={bh} rx="2" class="chart-bar" />
                    <text x={mid} y={base + 14.0} text-anchor="middle" class="chart-label">{short.clone()}</text>
                }
            }).collect_view()}
        </svg>
    }
}

/// Horizontal bars: per row, the label and the value text on one line and the bar under them.
pub(super) fn bars(labelled_by: &'static str, rows: &[(String, i64, String)]) -> impl IntoView {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f64;
    let row_h = 36.0;
    view! {
        <svg class="chart" viewBox={format!("0 0 {W} {}", rows.len() as f64 * row_h + 4.0)} role="img" aria-labelledby=labelled_by>
            {rows.iter().enumerate().map(|(i, (label, v, text))| {
                let y = i as f64 * row_h;
                let (ty, by) = (y + 13.0, y + 18.0);
                let bw = (*v).max(0) as f64 / max * W;
                view! {
                    <text x="0" y={ty} class="chart-label">{label.clone()}</text>
                    <text x={W} y={ty} text-anchor="end" class="chart-label chart-value">{text.clone()}</text>
                    <rect x="0" y={by} width={W} height="10" rx="3" class="chart-track" />
                    <rect x="0" y={by} width={bw} height="10" rx="3" class="chart-bar" />
                }
            }).collect_view()}
        </svg>
    }
}

/// The R × FM grid: darker cells hold more customers.
pub(super) fn rfm_grid(labelled_by: &'static str, grid: &[[u32; 5]; 5]) -> impl IntoView {
    let max = grid.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let (left, cell) = (44.0, 54.0);
    let size = left + 5.0 * cell;
    let bottom = 5.0 * cell;
    view! {
        <svg class="chart chart-grid" viewBox={format!("0 0 {size} {}", bottom + 34.0)} role="img" aria-labelledby=labelled_by>
            {(0..5).flat_map(|fm| (0..5).map(move |r| (fm, r))).map(|(fm, r)| {
                let n = grid[fm][r];
                let x = left + r as f64 * cell + 1.0;
                let y = (4 - fm) as f64 * cell + 1.0;
                let strength = if n == 0 { 0.0 } else { 0.15 + 0.85 * f64::from(n) / max };
                let class = if n == 0 { "chart-cell chart-cell-zero" } else if strength > 0.55 { "chart-cell chart-cell-strong" } else { "chart-cell" };
                let (cx, cy) = (x + cell / 2.0 - 1.0, y + cell / 2.0 + 4.0);
                view! {
                    <rect x={x} y={y} width={cell - 2.0} height={cell - 2.0} rx="4" class="chart-track" />
                    <rect x={x} y={y} width={cell - 2.0} height={cell - 2.0} rx="4" class="chart-bar" fill-opacity={format!("{strength:.2}")} />
                    <text x={cx} y={cy} text-anchor="middle" class={class}>{number(n)}</text>
                }
            }).collect_view()}
            {(0..5).map(|i| {
                let ly = (4 - i) as f64 * cell + cell / 2.0 + 5.0;
                let lx = left + i as f64 * cell + cell / 2.0;
                view! {
                    <text x={left - 8.0} y={ly} text-anchor="end" class="chart-label">{format!("FM{}", i + 1)}</text>
                    <text x={lx} y={bottom + 16.0} text-anchor="middle" class="chart-label">{format!("R{}", i + 1)}</text>
                }
            }).collect_view()}
            <text x={size} y={bottom + 32.0} text-anchor="end" class="chart-note">{tr!(reports.more_recent)}</text>
        </svg>
    }
}
