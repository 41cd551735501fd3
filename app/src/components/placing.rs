//! A place in the ranking in words, for the host's and the public results: shared places,
//! what decided each place, and the change since the previous ranking.

use crate::domain::scoring::DecidedBy;
use crate::domain::Lang;
use crate::i18n::{fill, tr, use_i18n, I18n, Msg};
use leptos::prelude::*;

/// `=3` for a place shared with another presenter, `3` otherwise.
pub fn place_label(rank: u32, shared: bool) -> String {
    if shared {
        format!("={rank}")
    } else {
        rank.to_string()
    }
}

/// `▲ 升 2 名` for places gained, `▼ 降 1 名` for places lost, `– 不变` for the same
/// place, nothing when there was no previous place: words beside the arrow, so a rise in
/// place never reads as a rise in score.
pub fn rank_change_mark(lang: Lang, change: Option<i64>) -> String {
    let (msg, n) = match change {
        Some(n) if n > 0 => (Msg::RankUpMark, n),
        Some(n) if n < 0 => (Msg::RankDownMark, -n),
        Some(_) => (Msg::RankSameMark, 0),
        None => return String::new(),
    };
    fill(tr(lang, msg), &[("{n}", &n.to_string())])
}

/// A step of the tie-break chain (`untrimmed_mean`, `group:<id>`, `shared`) in words;
/// `group_name` names a group by its id.
pub fn tie_break_step(i18n: I18n, step: &str, group_name: &dyn Fn(&str) -> String) -> String {
    match step {
        "untrimmed_mean" => i18n.t(Msg::TieUntrimmedMean).to_string(),
        "shared" => i18n.t(Msg::DecidedShared).to_string(),
        other => match other.strip_prefix("group:") {
            Some(group) => format!("{}{}", group_name(group), i18n.t(Msg::TieGroupSubtotal)),
            None => other.to_string(),
        },
    }
}

/// What decided a place, in words.
pub fn decided_by_words(i18n: I18n, by: &DecidedBy, group_name: &dyn Fn(&str) -> String) -> String {
    match by {
        DecidedBy::Score => i18n.t(Msg::DecidedScore).to_string(),
        DecidedBy::TieBreak(step) => format!(
            "{}{}",
            i18n.t(Msg::DecidedTieBreak),
            tie_break_step(i18n, step, group_name)
        ),
        DecidedBy::Shared => i18n.t(Msg::DecidedShared).to_string(),
    }
}

/// The change of place since the previous ranking, as an arrow with the words for a reader.
#[component]
pub fn RankChange(change: Option<i64>, previous: Option<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let words = move || match (change, previous) {
        (Some(n), Some(p)) => {
            let how = match n.signum() {
                1 => format!("{} {}", i18n.t(Msg::RankUp), n),
                -1 => format!("{} {}", i18n.t(Msg::RankDown), -n),
                _ => i18n.t(Msg::RankSame).to_string(),
            };
            format!("{how} · {} {p}", i18n.t(Msg::PreviousRank))
        }
        _ => i18n.t(Msg::RankNoPrevious).to_string(),
    };
    let class = match change.map(i64::signum) {
        Some(1) => "rank-change up",
        Some(-1) => "rank-change down",
        Some(_) => "rank-change same",
        None => "rank-change none",
    };
    view! {
        <span class=class data-testid="rank-change" title=words aria-label=words>
            {move || rank_change_mark(i18n.lang.get(), change)}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_place_is_marked_and_changes_have_arrows() {
        assert_eq!(place_label(3, true), "=3");
        assert_eq!(place_label(1, false), "1");
        assert_eq!(rank_change_mark(Lang::Zh, Some(2)), "▲ 升 2 名");
        assert_eq!(rank_change_mark(Lang::Zh, Some(-1)), "▼ 降 1 名");
        assert_eq!(rank_change_mark(Lang::Zh, Some(0)), "– 不变");
        assert_eq!(rank_change_mark(Lang::En, Some(2)), "▲ up 2");
        assert_eq!(rank_change_mark(Lang::Zh, None), "");
    }
}
