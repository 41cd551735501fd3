//! The 回头看 (the look back at the last session's follow-up items) as the big screen, the
//! host's console and the printed report show it: its heading, the big figures, the table
//! by unit and the words of a closed vote; and the public `GET …/review` that feeds them.

use crate::domain::item_terms::{ItemStatus, Tally};
use crate::domain::items::{vote_outcome, ItemSettings, VoteOutcome};
use crate::domain::wire::{BallotItem, ItemFigures, ReviewUnit, ReviewView};
use crate::domain::Lang;
use crate::i18n::{fill, tr, use_i18n, Msg};
use leptos::prelude::*;

/// The API path of an event's review.
pub fn review_path(event: &str) -> String {
    format!(
        "/api/v1/events/{}/review",
        crate::components::host_area::query_value(event)
    )
}

/// The event's review, as anyone may read it (the screen has no token); `Err` when no
/// answer came or it was not one.
pub async fn fetch_review(event: String) -> Result<ReviewView, ()> {
    #[cfg(feature = "browser")]
    {
        match crate::browser::fetch_text("GET", &review_path(&event), &[], None, None).await {
            Ok((200, text)) => serde_json::from_str(&text).map_err(|_| ()),
            _ => Err(()),
        }
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = event;
        Err(())
    }
}

/// The heading: `回头看：2026年第二季度局长直通车交办事项`, the session looked back on by its title.
pub fn heading(lang: Lang, review: &ReviewView) -> String {
    match &review.previous {
        Some(p) => fill(tr(lang, Msg::ReviewHeading), &[("{title}", &p.title)]),
        None => tr(lang, Msg::ReviewHeadingNone).to_string(),
    }
}

/// A rate as the API writes it (`"0.9706"`) as people read it, a percent with one decimal
/// rounded half up (`97.1%`); none when it is not such a decimal. The API's four places
/// are already rounded, so a rate exactly between two tenths may differ by one tenth from
/// the exact fraction's: the domain's `Rate::percent` is the exact one.
pub fn percent(decimal: &str) -> Option<String> {
    let decimal = decimal.trim();
    let (whole, fraction) = decimal.split_once('.').unwrap_or((decimal, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let shaped = !whole.is_empty() && whole.len() <= 6 && fraction.len() <= 4;
    if !shaped || !digits(whole) || !digits(fraction) {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let fraction: u64 = format!("{fraction:0<4}").parse().ok()?;
    // Ten-thousandths of one are hundredths of a percent; rounded to tenths of a percent.
    let tenths = (whole * 10_000 + fraction + 5) / 10;
    Some(format!("{}.{}%", tenths / 10, tenths % 10))
}

/// A rate for the figures: its percent, or a dash when nothing counts towards it.
pub fn rate_text(rate: Option<&str>) -> String {
    rate.and_then(percent).unwrap_or_else(|| "—".to_string())
}

/// A unit as the review names it: the presenter's unit, or the city bureau itself.
pub fn unit_label(lang: Lang, unit_name: Option<&str>) -> String {
    match unit_name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => name.to_string(),
        None => tr(lang, Msg::ReviewBureau).to_string(),
    }
}

/// What a closed vote did to its item: the item's own status says it (closed stands;
/// anything else was reopened), decided by the server under the event's vote settings. An
/// answer without the status (an older server) is read under the default settings.
pub fn outcome_of(item: &BallotItem, tally: &Tally) -> VoteOutcome {
    match item.status {
        Some(ItemStatus::Closed) => VoteOutcome::Stands,
        Some(_) => VoteOutcome::Reopens,
        None => vote_outcome(tally, &ItemSettings::default()),
    }
}

/// The outcome in words: `已销号`, or `复号` (`复号（不满意过半）` where there is room to say why).
pub fn outcome_msg(outcome: VoteOutcome, why: bool) -> Msg {
    match (outcome, why) {
        (VoteOutcome::Stands, _) => Msg::ReviewResultClosed,
        (VoteOutcome::Reopens, false) => Msg::ReviewResultReopened,
        (VoteOutcome::Reopens, true) => Msg::ReviewResultReopenedWhy,
    }
}

/// The ballot as a screen shows it, at most `room` lines: the items still being voted on
/// first, then those with a result, each in the order of their numbers; and how many more
/// there are.
pub fn ballot_shown(items: &[BallotItem], room: usize) -> (Vec<BallotItem>, usize) {
    let mut shown: Vec<BallotItem> = items.iter().filter(|i| i.open).cloned().collect();
    shown.extend(items.iter().filter(|i| !i.open).cloned());
    let more = shown.len().saturating_sub(room);
    shown.truncate(room);
    (shown, more)
}

/// One big figure: its key (for tests and styles), its label and its text.
pub fn figure_list(
    lang: Lang,
    figures: &ItemFigures,
    in_progress: u32,
    overdue: u32,
) -> Vec<(&'static str, &'static str, String)> {
    let t = |m| tr(lang, m);
    vec![
        ("total", t(Msg::ReviewAssigned), figures.total.to_string()),
        ("closed", t(Msg::ReviewClosed), figures.closed.to_string()),
        (
            "in_progress",
            t(Msg::ReviewInProgress),
            in_progress.to_string(),
        ),
        ("overdue", t(Msg::ReviewOverdue), overdue.to_string()),
        (
            "closure_rate",
            t(Msg::ItemsClosureRate),
            rate_text(figures.closure_rate.as_deref()),
        ),
        (
            "on_time_rate",
            t(Msg::ItemsOnTimeRate),
            rate_text(figures.on_time_rate.as_deref()),
        ),
        (
            "satisfaction_rate",
            t(Msg::ItemsSatisfaction),
            rate_text(figures.satisfaction_rate.as_deref()),
        ),
    ]
}

/// A unit's flags, in colour and in words: (colour class, flag key, words), only those it has.
pub fn unit_flags(lang: Lang, unit: &ReviewUnit) -> Vec<(&'static str, &'static str, String)> {
    [
        ("red", "overdue", Msg::ReviewFlagOverdue, unit.overdue),
        ("blue", "due_soon", Msg::ReviewFlagDueSoon, unit.due_soon),
        (
            "yellow",
            "behind_plan",
            Msg::ReviewFlagBehind,
            unit.behind_plan,
        ),
    ]
    .into_iter()
    .filter(|(_, _, _, n)| *n > 0)
    .map(|(colour, key, msg, n)| (colour, key, fill(tr(lang, msg), &[("{n}", &n.to_string())])))
    .collect()
}

/// A unit's name longer than this many characters wraps onto a second line on the screen.
const LONG_NAME: usize = 13;

/// The big figures: items assigned, closed, in progress, overdue and the three rates.
#[component]
pub fn ReviewFigures(figures: ItemFigures, in_progress: u32, overdue: u32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class="review-figures" data-testid="review-figures">
            {move || figure_list(i18n.lang.get(), &figures, in_progress, overdue).into_iter().map(|(key, label, value)| view! {
                <div class=format!("review-figure {key}") data-figure=key>
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// The table by unit, in the event's speaking order with the city bureau last: each unit's
/// items, closed, in progress and overdue, its closure rate (with `rates`: the screen has
/// no room for it), and its flags.
#[component]
pub fn ReviewUnitsTable(units: Vec<ReviewUnit>, #[prop(optional)] rates: bool) -> impl IntoView {
    let i18n = use_i18n();
    let rows = units.len().max(1);
    view! {
        <table class="review-units" data-testid="review-units" style=format!("--rows:{rows}")>
            <thead><tr>
                <th scope="col" class="unit">{move || i18n.t(Msg::ItemsUnit)}</th>
                <th scope="col" class="num">{move || i18n.t(Msg::ReviewAssigned)}</th>
                <th scope="col" class="num">{move || i18n.t(Msg::ReviewClosed)}</th>
                <th scope="col" class="num">{move || i18n.t(Msg::ReviewInProgress)}</th>
                <th scope="col" class="num">{move || i18n.t(Msg::ReviewOverdue)}</th>
                {rates.then(|| view! { <th scope="col" class="num">{move || i18n.t(Msg::ItemsClosureRate)}</th> })}
                <th scope="col" class="flags">{move || i18n.t(Msg::ReviewFlags)}</th>
            </tr></thead>
            <tbody>
                {units.into_iter().map(|u| {
                    let key = u.presenter.clone().unwrap_or_else(|| "bureau".to_string());
                    let name = u.unit_name.clone();
                    let chars = unit_label(Lang::Zh, name.as_deref()).chars().count();
                    let len = format!("--len:{}", chars.max(4));
                    // A long name takes two lines rather than a type too small to read.
                    let long = chars > LONG_NAME;
                    let label = move || unit_label(i18n.lang.get(), name.as_deref());
                    let flags_of = u.clone();
                    let overdue = u.overdue;
                    view! {
                        <tr data-unit=key>
                            <th scope="row" class="unit"><span class="unit-name" class:long=long style=len>{label}</span></th>
                            <td class="num" data-col="total">{u.figures.total}</td>
                            <td class="num" data-col="closed">{u.figures.closed}</td>
                            <td class="num" data-col="in_progress">{u.in_progress}</td>
                            <td class="num" class:overdue={overdue > 0} data-col="overdue">{overdue}</td>
                            {rates.then(|| view! { <td class="num" data-col="closure_rate">{rate_text(u.figures.closure_rate.as_deref())}</td> })}
                            <td class="flags"><span class="flag-list">
                                {move || unit_flags(i18n.lang.get(), &flags_of).into_iter().map(|(colour, key, words)| view! {
                                    <span class=format!("item-flag {colour}") data-flag=key>{words}</span>
                                }).collect_view()}
                            </span></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::wire::EventRef;

    fn ballot(id: &str, open: bool) -> BallotItem {
        BallotItem {
            id: id.into(),
            number: id.to_uppercase(),
            presenter: None,
            unit_name: None,
            title: "t".into(),
            report: None,
            open,
            votes: 0,
            tally: None,
            status: None,
        }
    }

    #[test]
    fn the_heading_names_the_session_looked_back_on() {
        let mut review = ReviewView {
            previous: Some(EventRef {
                id: "q2".into(),
                title: "2026年第二季度局长直通车交办事项".into(),
            }),
            ..ReviewView::default()
        };
        assert_eq!(
            heading(Lang::Zh, &review),
            "回头看：2026年第二季度局长直通车交办事项"
        );
        review.previous = None;
        assert_eq!(heading(Lang::En, &review), "Looking back");
    }

    #[test]
    fn the_bureau_is_named_in_the_pages_language() {
        assert_eq!(unit_label(Lang::Zh, None), "市局本级");
        assert_eq!(unit_label(Lang::En, Some(" ")), "City bureau");
        assert_eq!(
            unit_label(Lang::Zh, Some("胶州市退役军人事务局")),
            "胶州市退役军人事务局"
        );
    }

    #[test]
    fn figures_are_percents_with_one_decimal_or_a_dash() {
        let figures = ItemFigures {
            total: 68,
            closed: 66,
            closure_rate: Some("0.9706".into()),
            on_time_rate: Some("1.0000".into()),
            satisfaction_rate: None,
            ..ItemFigures::default()
        };
        let shown = figure_list(Lang::Zh, &figures, 2, 1);
        let value = |key: &str| shown.iter().find(|f| f.0 == key).unwrap().2.clone();
        assert_eq!(value("total"), "68");
        assert_eq!(value("in_progress"), "2");
        assert_eq!(value("overdue"), "1");
        assert_eq!(value("closure_rate"), "97.1%");
        assert_eq!(value("on_time_rate"), "100.0%");
        assert_eq!(value("satisfaction_rate"), "—");
    }

    #[test]
    fn a_unit_shows_only_the_flags_it_has_each_in_its_colour() {
        let unit = ReviewUnit {
            overdue: 2,
            behind_plan: 1,
            ..ReviewUnit::default()
        };
        let flags = unit_flags(Lang::Zh, &unit);
        assert_eq!(
            flags,
            vec![
                ("red", "overdue", "逾期 2".to_string()),
                ("yellow", "behind_plan", "滞后 1".to_string())
            ]
        );
    }

    #[test]
    fn the_result_is_the_items_own_status_and_else_the_default_rule() {
        let stands = Tally {
            satisfied: 9,
            basically_satisfied: 2,
            unsatisfied: 1,
            abstain: 3,
        };
        let reopens = Tally {
            satisfied: 2,
            unsatisfied: 3,
            abstain: 9,
            ..Tally::default()
        };
        let mut item = ballot("a", false);
        // An older server's answer: the tally under the default rule.
        assert_eq!(
            outcome_msg(outcome_of(&item, &stands), false),
            Msg::ReviewResultClosed
        );
        assert_eq!(
            outcome_msg(outcome_of(&item, &reopens), false),
            Msg::ReviewResultReopened
        );
        assert_eq!(
            outcome_msg(outcome_of(&item, &reopens), true),
            Msg::ReviewResultReopenedWhy
        );
        // The status the server decided under the event's own settings wins.
        item.status = Some(ItemStatus::Reopened);
        assert_eq!(outcome_of(&item, &stands), VoteOutcome::Reopens);
        item.status = Some(ItemStatus::InProgress);
        assert_eq!(outcome_of(&item, &stands), VoteOutcome::Reopens);
        item.status = Some(ItemStatus::Closed);
        assert_eq!(outcome_of(&item, &reopens), VoteOutcome::Stands);
    }

    #[test]
    fn the_screen_shows_open_votes_first_and_counts_the_rest() {
        let items = vec![
            ballot("a", false),
            ballot("b", true),
            ballot("c", false),
            ballot("d", true),
        ];
        let (shown, more) = ballot_shown(&items, 3);
        let ids: Vec<_> = shown.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["b", "d", "a"]);
        assert_eq!(more, 1);
        assert_eq!(ballot_shown(&items, 10).1, 0);
    }
}
