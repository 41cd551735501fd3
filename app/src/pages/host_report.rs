//! The judges' report for the host (`/host/report`): each judge's mean and spread, how far
//! each judge and group score from the panel, and whether totals drift with the speaking
//! order, in numbers and in two charts drawn here as SVG from those numbers.

use crate::components::host_area::{
    host_ctx, host_get, named_event, HostCtx, HostNav, HostSection, Problem, ProblemNotice,
};
use crate::domain::judges_report::{Drift, GroupStats, JudgeStats, JudgesReport, Spread};
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

#[component]
pub fn HostReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let named = named_event();
    let report = RwSignal::new(None::<(HostCtx, JudgesReport)>);
    let problem = RwSignal::new(None::<Problem>);

    Effect::new(move |_| {
        let named = named.get();
        leptos::task::spawn_local(async move {
            problem.set(None);
            let found = match host_ctx(named).await {
                Ok(c) => host_get::<JudgesReport>(&c, "/report")
                    .await
                    .map(|r| (c, r)),
                Err(p) => Err(p),
            };
            match found {
                Ok(r) => report.set(Some(r)),
                Err(p) => {
                    report.set(None);
                    problem.set(Some(p));
                }
            }
        });
    });

    view! {
        <section class="page host-report">
            <HostNav current=HostSection::Report/>
            <h1>{move || i18n.t(Msg::ReportTitle)}</h1>
            {move || problem.get().map(|p| view! { <ProblemNotice problem=p/> })}
            {move || match report.get() {
                Some((c, r)) => view! { <ReportBody event=c.event report=r/> }.into_any(),
                None if problem.with(Option::is_none) => {
                    view! { <p class="muted">{i18n.t(Msg::Loading)}</p> }.into_any()
                }
                None => ().into_any(),
            }}
        </section>
    }
}

/// A number of points with two decimals, or a dash.
fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |x| format!("{x:.2}"))
}

/// A difference with its sign: `+1.25`, `-0.50`.
fn signed(x: Option<f64>) -> String {
    x.map_or_else(|| "—".into(), |x| format!("{x:+.2}"))
}

fn sign_class(x: Option<f64>) -> &'static str {
    match x {
        Some(x) if x > 0.005 => "num above",
        Some(x) if x < -0.005 => "num below",
        _ => "num",
    }
}

fn strength(r: f64) -> Msg {
    match r.abs() {
        a if a >= 0.7 => Msg::CorrStrong,
        a if a >= 0.3 => Msg::CorrModerate,
        _ => Msg::CorrWeak,
    }
}

#[component]
fn ReportBody(event: String, report: JudgesReport) -> impl IntoView {
    let i18n = use_i18n();
    let panel = report.panel.clone();
    let drift = report.drift.clone();
    let chart = {
        let drift = drift.clone();
        move || {
            drift_svg(
                &drift,
                i18n.t(Msg::SpeakingPosition),
                i18n.t(Msg::MeanTotal),
                i18n.t(Msg::DriftChartTitle),
            )
        }
    };
    let judge_bars: Vec<(String, Option<f64>)> = report
        .judges
        .iter()
        .map(|j| (j.name.clone(), j.mean_deviation))
        .collect();
    let bars = move || deviation_svg(&judge_bars, i18n.t(Msg::JudgeChartTitle));
    let slope = drift.slope;
    let correlation = drift.correlation;
    let positions: Vec<u32> = drift.points.iter().map(|p| p.position).collect();
    let telling = drift.telling();
    let few = drift.points.len();
    view! {
        <div class="report" data-testid="report" data-event=event>
            <p data-testid="report-summary">
                {move || i18n.t(Msg::ReportCovers)}" "<strong>{report.presenters}</strong>" "{move || i18n.t(Msg::ReportPresenters)}
                " · "<strong>{report.sheets}</strong>" "{move || i18n.t(Msg::ReportSheets)}
            </p>
            <SpreadLine spread=panel/>
            <p class="muted">{move || i18n.t(Msg::ReportExplain)}</p>

            <section class="card drift" data-testid="drift">
                <h2>{move || i18n.t(Msg::DriftTitle)}</h2>
                <dl class="facts">
                    <div><dt>{move || i18n.t(Msg::DriftSlope)}</dt><dd data-testid="drift-slope">{signed(slope)}</dd></div>
                    <div><dt>{move || i18n.t(Msg::DriftIntercept)}</dt><dd>{num(drift.intercept)}</dd></div>
                    <div><dt>{move || i18n.t(Msg::DriftCorrelation)}</dt>
                        <dd data-testid="drift-correlation">{correlation.map_or_else(|| "—".into(), |r| format!("{r:+.2}"))}
                            {correlation.filter(|_| telling).map(|r| view! {
                                " · "{move || i18n.t(strength(r))}{move || i18n.t(Msg::ListComma)}
                                {move || i18n.t(if r < 0.0 { Msg::CorrNegative } else { Msg::CorrPositive })}
                            })}
                        </dd></div>
                </dl>
                {(!telling).then(|| view! {
                    <p class="warn" data-testid="drift-too-few">{move || i18n.fill(Msg::DriftTooFew, &[("{n}", &few.to_string())])}</p>
                })}
                <div class="chart-box" data-testid="drift-chart" inner_html=chart></div>
                <p class="muted">{move || i18n.t(Msg::DriftCaveat)}</p>
            </section>

            <section class="card" data-testid="judge-stats">
                <h2>{move || i18n.t(Msg::JudgeStatsTitle)}</h2>
                <JudgeTable judges=report.judges.clone()/>
                <div class="chart-box" data-testid="judge-chart" inner_html=bars></div>
            </section>

            <section class="card" data-testid="group-stats">
                <h2>{move || i18n.t(Msg::GroupStatsTitle)}</h2>
                <GroupTable groups=report.groups.clone() positions=positions/>
            </section>
        </div>
    }
}

#[component]
fn SpreadLine(spread: Spread) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="spread-line">
            {move || i18n.t(Msg::PanelAll)}": "
            {move || i18n.t(Msg::StatMean)}" "<strong>{num(spread.mean)}</strong>" · "
            {move || i18n.t(Msg::StatSd)}" "{num(spread.sd)}" · "
            {move || i18n.t(Msg::StatMin)}" "{spread.min.map(|s| s.to_string()).unwrap_or_else(|| "—".into())}" · "
            {move || i18n.t(Msg::StatMax)}" "{spread.max.map(|s| s.to_string()).unwrap_or_else(|| "—".into())}
        </p>
    }
}

#[component]
fn JudgeTable(judges: Vec<JudgeStats>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t(Msg::JudgeStatsTitle)>
            <table class="stats-table" data-testid="judge-table">
                <thead><tr>
                    <th>{move || i18n.t(Msg::LateJudge)}</th>
                    <th class="num">{move || i18n.t(Msg::StatCount)}</th>
                    <th class="num">{move || i18n.t(Msg::StatMean)}</th>
                    <th class="num">{move || i18n.t(Msg::StatSd)}</th>
                    <th class="num">{move || i18n.t(Msg::StatMin)}</th>
                    <th class="num">{move || i18n.t(Msg::StatMax)}</th>
                    <th class="num">{move || i18n.t(Msg::StatDeviation)}</th>
                    <th class="num">{move || i18n.t(Msg::StatAbsDeviation)}</th>
                    <th class="num">{move || i18n.t(Msg::StatDropped)}</th>
                </tr></thead>
                <tbody>
                    {judges.into_iter().map(|j| view! {
                        <tr data-judge=j.judge.clone()>
                            <td>{j.name.clone()}<br/><small class="muted">{j.group_name.clone()}</small></td>
                            <td class="num">{j.spread.count}</td>
                            <td class="num">{num(j.spread.mean)}</td>
                            <td class="num">{num(j.spread.sd)}</td>
                            <td class="num">{j.spread.min.map(|s| s.to_string()).unwrap_or_else(|| "—".into())}</td>
                            <td class="num">{j.spread.max.map(|s| s.to_string()).unwrap_or_else(|| "—".into())}</td>
                            <td class=sign_class(j.mean_deviation) data-testid="deviation">{signed(j.mean_deviation)}</td>
                            <td class="num">{num(j.mean_abs_deviation)}</td>
                            <td class="num">{format!("↑{} ↓{}", j.dropped_highest, j.dropped_lowest)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn GroupTable(groups: Vec<GroupStats>, positions: Vec<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let heads = positions.clone();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=move || i18n.t(Msg::GroupStatsTitle)>
            <table class="stats-table" data-testid="group-table">
                <thead><tr>
                    <th>{move || i18n.t(Msg::GroupHeader)}</th>
                    <th class="num">{move || i18n.t(Msg::StatCount)}</th>
                    <th class="num">{move || i18n.t(Msg::StatMean)}</th>
                    <th class="num">{move || i18n.t(Msg::StatSd)}</th>
                    <th class="num">{move || i18n.t(Msg::StatDeviation)}</th>
                    {heads.into_iter().map(|p| view! {
                        <th class="num" title=move || format!("{} {p}", i18n.t(Msg::SpeakingPosition))>{p}</th>
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {groups.into_iter().map(|g| {
                        let cells: Vec<Option<f64>> = positions.iter().map(|pos| {
                            g.by_presenter.iter().find(|b| b.position == *pos).map(|b| b.deviation)
                        }).collect();
                        view! {
                            <tr data-group=g.group.clone()>
                                <td>{g.name.clone()}</td>
                                <td class="num">{g.spread.count}</td>
                                <td class="num">{num(g.spread.mean)}</td>
                                <td class="num">{num(g.spread.sd)}</td>
                                <td class=sign_class(g.mean_deviation) data-testid="deviation">{signed(g.mean_deviation)}</td>
                                {cells.into_iter().map(|d| view! { <td class=sign_class(d)>{signed(d)}</td> }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="muted">{move || i18n.t(Msg::GroupByPositionNote)}</p>
    }
}

/// Escapes text for SVG markup.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Round values for an axis covering `lo..=hi`: about five, on 1, 2 or 5 × 10ⁿ.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (lo, hi) = if hi - lo < 1e-9 {
        (lo - 1.0, hi + 1.0)
    } else {
        (lo, hi)
    };
    let rough = (hi - lo) / 5.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    let first = (lo / step).floor() as i64;
    let last = (hi / step).ceil() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

const W: f64 = 640.0;
const H: f64 = 320.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 52.0;

/// The mean total of each speaking position, with the least-squares line through them.
pub fn drift_svg(drift: &Drift, x_label: &str, y_label: &str, title: &str) -> String {
    let mut out = format!(
        r#"<svg class="chart drift-chart" viewBox="0 0 {W} {H}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = xml(title)
    );
    if drift.points.is_empty() {
        out.push_str(&format!(
            r#"<text class="empty" x="{}" y="{}" text-anchor="middle">—</text></svg>"#,
            W / 2.0,
            H / 2.0
        ));
        return out;
    }
    let xs: Vec<f64> = drift.points.iter().map(|p| f64::from(p.position)).collect();
    let (x_lo, x_hi) = (
        xs.iter().copied().fold(f64::INFINITY, f64::min) - 0.5,
        xs.iter().copied().fold(f64::NEG_INFINITY, f64::max) + 0.5,
    );
    let line = drift.slope.zip(drift.intercept);
    let fitted = |x: f64| line.map(|(s, i)| i + s * x);
    let mut ys: Vec<f64> = drift.points.iter().map(|p| p.mean).collect();
    ys.extend(
        [fitted(x_lo + 0.5), fitted(x_hi - 0.5)]
            .into_iter()
            .flatten(),
    );
    let axis = ticks(
        ys.iter().copied().fold(f64::INFINITY, f64::min),
        ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let (y_lo, y_hi) = (axis[0], axis[axis.len() - 1]);
    let px = |x: f64| LEFT + (x - x_lo) / (x_hi - x_lo) * (W - LEFT - RIGHT);
    let py = |y: f64| TOP + (y_hi - y) / (y_hi - y_lo) * (H - TOP - BOTTOM);

    for y in &axis {
        out.push_str(&format!(
            r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{v:.1}" y2="{v:.1}"/><text class="tick" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            W - RIGHT,
            LEFT - 6.0,
            py(*y) + 4.0,
            trim_number(*y),
            v = py(*y),
        ));
    }
    for p in &drift.points {
        out.push_str(&format!(
            r#"<text class="tick" x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            px(f64::from(p.position)),
            H - BOTTOM + 18.0,
            p.position
        ));
    }
    out.push_str(&format!(
        r#"<text class="axis-label" x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
        LEFT + (W - LEFT - RIGHT) / 2.0,
        H - 8.0,
        xml(x_label)
    ));
    out.push_str(&format!(
        r#"<text class="axis-label" transform="translate(14 {:.1}) rotate(-90)" text-anchor="middle">{}</text>"#,
        TOP + (H - TOP - BOTTOM) / 2.0,
        xml(y_label)
    ));
    if let (Some(a), Some(b)) = (fitted(x_lo + 0.5), fitted(x_hi - 0.5)) {
        out.push_str(&format!(
            r#"<line class="fit" data-slope="{}" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
            drift.slope.unwrap_or_default(),
            px(x_lo + 0.5),
            py(a),
            px(x_hi - 0.5),
            py(b)
        ));
    }
    for p in &drift.points {
        let (x, y) = (px(f64::from(p.position)), py(p.mean));
        out.push_str(&format!(
            r#"<circle class="point" cx="{x:.1}" cy="{y:.1}" r="6"><title>{}. {}: {:.2}</title></circle><text class="value" x="{x:.1}" y="{:.1}" text-anchor="middle">{:.2}</text>"#,
            p.position,
            xml(&p.name),
            p.mean,
            y - 10.0,
            p.mean
        ));
    }
    out.push_str("</svg>");
    out
}

/// Each judge's mean difference from the panel, as a bar left (lower) or right (higher)
/// of zero.
pub fn deviation_svg(judges: &[(String, Option<f64>)], title: &str) -> String {
    const ROW: f64 = 26.0;
    const LABELS: f64 = 170.0;
    const VALUES: f64 = 60.0;
    let height = TOP + ROW * judges.len() as f64 + 10.0;
    let widest = judges
        .iter()
        .filter_map(|(_, d)| d.map(f64::abs))
        .fold(0.0, f64::max)
        .max(0.5);
    let half = (W - LABELS - VALUES) / 2.0;
    let zero = LABELS + half;
    let mut out = format!(
        r#"<svg class="chart judge-chart" viewBox="0 0 {W} {height}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><line class="zero" x1="{zero}" x2="{zero}" y1="{}" y2="{}"/>"#,
        TOP - 10.0,
        height - 4.0,
        t = xml(title)
    );
    for (i, (name, deviation)) in judges.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        out.push_str(&format!(
            r#"<text class="tick" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            LABELS - 8.0,
            y + ROW / 2.0 + 4.0,
            xml(name)
        ));
        if let Some(d) = deviation {
            let w = d.abs() / widest * half;
            let x = if *d < 0.0 { zero - w } else { zero };
            out.push_str(&format!(
                r#"<rect class="bar {}" x="{x:.1}" y="{:.1}" width="{w:.1}" height="{:.1}"/><text class="value" x="{:.1}" y="{:.1}" text-anchor="start">{d:+.2}</text>"#,
                if *d < 0.0 { "below" } else { "above" },
                y + 4.0,
                ROW - 8.0,
                W - VALUES + 6.0,
                y + ROW / 2.0 + 4.0,
            ));
        }
    }
    out.push_str("</svg>");
    out
}

/// An axis value without needless zeros: `80`, `82.5`.
fn trim_number(x: f64) -> String {
    let text = format!("{x:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::judges_report::DriftPoint;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(76.67, 87.33), [75.0, 80.0, 85.0, 90.0]);
        assert_eq!(ticks(80.0, 80.0), [79.0, 79.5, 80.0, 80.5, 81.0]);
        let t = ticks(0.3, 0.9);
        assert!(t[0] <= 0.3 && *t.last().unwrap() >= 0.9);
    }

    fn point(position: u32, mean: f64) -> DriftPoint {
        DriftPoint {
            position,
            presenter: format!("p{position}"),
            name: format!("<p{position}>"),
            count: 15,
            mean,
        }
    }

    #[test]
    fn the_drift_chart_has_a_point_per_position_and_the_fitted_line() {
        let drift = Drift {
            points: vec![
                point(1, 87.33),
                point(2, 80.0),
                point(3, 81.33),
                point(4, 76.67),
                point(5, 80.0),
            ],
            slope: Some(-1.8),
            intercept: Some(86.4667),
            correlation: Some(-0.7),
        };
        let svg = drift_svg(&drift, "order", "mean", "title");
        assert_eq!(svg.matches("<circle").count(), 5);
        assert_eq!(svg.matches(r#"class="fit""#).count(), 1);
        assert!(svg.contains("&lt;p1&gt;"), "names are escaped");
        let no_line = drift_svg(
            &Drift {
                slope: None,
                intercept: None,
                correlation: None,
                points: vec![point(1, 80.0)],
            },
            "x",
            "y",
            "t",
        );
        assert_eq!(no_line.matches("<circle").count(), 1);
        assert!(!no_line.contains(r#"class="fit""#));
    }

    #[test]
    fn deviation_bars_point_the_way_of_the_difference() {
        let svg = deviation_svg(
            &[
                ("a".into(), Some(1.5)),
                ("b".into(), Some(-0.75)),
                ("c".into(), None),
            ],
            "t",
        );
        assert_eq!(svg.matches(r#"class="bar above""#).count(), 1);
        assert_eq!(svg.matches(r#"class="bar below""#).count(), 1);
        assert!(svg.contains("+1.50") && svg.contains("-0.75"));
    }
}
