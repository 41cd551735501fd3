//! The judge-facing wire types of `shared/design/protocol.md`, as a device reads and
//! writes them: `state`, and `sync`'s request and response.

use super::receipt::Receipt;
use super::results::{Amendment, MarkStatus};
use super::score::Score;
use super::scoring::{DecidedBy, PresenterResult, Quorum};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A sheet's values by criterion id; `None` is a criterion not scored yet.
pub type Values = BTreeMap<String, Option<Score>>;

/// `GET /api/v1/events/{event}/state`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct State {
    pub event: EventInfo,
    pub judge: JudgeInfo,
    #[serde(default)]
    pub sheets: BTreeMap<String, ServerSheet>,
    #[serde(default)]
    pub locks: BTreeMap<String, LockInfo>,
    #[serde(default)]
    pub server_seq: u64,
    #[serde(default)]
    pub server_time: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventInfo {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub language: Option<String>,
    pub criteria: Vec<CriterionInfo>,
    pub presenters: Vec<PresenterInfo>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CriterionInfo {
    pub id: String,
    pub name: String,
    pub min: Score,
    pub max: Score,
    pub step: Score,
    #[serde(default)]
    pub description: Option<String>,
}

impl CriterionInfo {
    /// Whether `value` is allowed: inside `[min, max]` and on the step counted from `min`.
    pub fn allows(&self, value: Score) -> bool {
        value.fits(self.min, self.max, self.step)
    }

    /// One step up or down from `value` (from `min` or `max` when nothing is entered yet),
    /// kept inside the range.
    pub fn stepped(&self, value: Option<Score>, up: bool) -> Score {
        let step = self.step.hundredths().max(1);
        let next = match value {
            None if up => self.min.hundredths(),
            None => self.max.hundredths(),
            Some(v) if up => v.hundredths() + step,
            Some(v) => v.hundredths() - step,
        };
        Score::from_hundredths(next.clamp(self.min.hundredths(), self.max.hundredths()))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PresenterInfo {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub order: Option<u32>,
    #[serde(default)]
    pub summary: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct JudgeInfo {
    pub id: String,
    pub name: String,
    pub group: String,
    #[serde(default)]
    pub group_name: Option<String>,
    #[serde(default)]
    pub recused: Vec<String>,
}

/// The server's copy of one of the judge's sheets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ServerSheet {
    pub rev: u64,
    pub device: String,
    #[serde(default)]
    pub values: Values,
    pub submitted: bool,
    #[serde(default)]
    pub server_seq: u64,
    /// The server's receipt of this sheet (see `receipt.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<Receipt>,
}

/// A revealed presenter, as a judge may see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LockInfo {
    pub revealed_at: String,
    pub result_hash: String,
    #[serde(default, rename = "final")]
    pub final_score: Option<Score>,
    /// Whether this judge's sheet was counted in the locked result.
    #[serde(default)]
    pub counted: bool,
}

/// One op: the judge's whole sheet for one presenter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Op {
    pub op_id: String,
    pub presenter: String,
    pub rev: u64,
    pub values: Values,
    pub submitted: bool,
    pub client_time: String,
}

/// `POST /api/v1/events/{event}/sync`'s body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SyncRequest {
    pub device: String,
    pub ops: Vec<Op>,
    /// How many changes the device holds unsent, for the host's view (beyond the contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<u64>,
}

/// `sync`'s answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SyncResponse {
    pub results: Vec<OpResult>,
    #[serde(default)]
    pub server_time: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OpResult {
    pub op_id: String,
    pub outcome: String,
    #[serde(default)]
    pub server_seq: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<WireError>,
    /// The receipt of the sheet recorded, for an `applied` or `late` op.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<Receipt>,
}

/// An op's rejection: the contract's code and message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WireError {
    pub code: String,
    pub message: String,
}

/// Every error answer of the API: `{"error": {"code", "message"}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// The contract's code and message, and what some refusals add beyond them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    /// An invalid config's problems, one per field (`invalid_config` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldError>>,
    /// Why a reveal was refused (`quorum_not_met` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<QuorumRefusal>,
}

/// One problem of an invalid config, and the field it is about (`judges[3].group`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// `GET /api/v1/me`: `{"role": "host"}`, or a judge's event and who the judge is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Me {
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judge: Option<String>,
    /// The judge's name and group: the judge's page does not read them, so its bundle
    /// does not carry the code that would.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "judge-bundle", serde(skip_deserializing))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "judge-bundle", serde(skip_deserializing))]
    pub group: Option<String>,
}

/// `GET /api/v1/events/{event}/show` and the stream's `show` event: the stage as anyone
/// may see it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ShowView {
    pub event: EventRef,
    pub version: u64,
    pub order: Vec<StagePresenter>,
    pub current: Option<StagePresenter>,
    pub phase: String,
    pub since_ms: Option<i64>,
    #[serde(default)]
    pub limits_ms: PhaseLimits,
    #[serde(default)]
    pub can_undo: bool,
    #[serde(default)]
    pub started: bool,
    /// The judge's page never shows the sheets' progress, so its bundle does not carry the
    /// code that reads it.
    #[serde(default)]
    #[cfg_attr(feature = "judge-bundle", serde(skip_deserializing))]
    pub progress: Option<ProgressView>,
    /// The server's clock when this was sent, to line up the device's clock.
    pub server_ms: i64,
    /// The current phase's countdown as the server counted it when this was sent.
    #[serde(default)]
    #[cfg_attr(feature = "judge-bundle", serde(skip_deserializing))]
    pub clock: Option<super::show::Clock>,
}

impl ShowView {
    /// The current phase's limit, when it has one.
    pub fn limit_ms(&self) -> Option<i64> {
        match self.phase.as_str() {
            "report" => Some(self.limits_ms.report),
            "defence" => Some(self.limits_ms.defence),
            "scoring" => Some(self.limits_ms.scoring),
            _ => None,
        }
    }

    /// Time left in the current phase at `server_now_ms` (negative when over).
    pub fn remaining_ms(&self, server_now_ms: i64) -> Option<i64> {
        let limit = self.limit_ms()?;
        let since = self.since_ms?;
        Some(limit - (server_now_ms - since).max(0))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventRef {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PhaseLimits {
    pub report: i64,
    pub defence: i64,
    pub scoring: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StagePresenter {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub revealed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProgressView {
    pub presenter: String,
    pub submitted: u32,
    pub eligible: u32,
    pub quorum: QuorumView,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QuorumView {
    pub met: bool,
    pub sheets: u32,
    pub min_sheets: u32,
    pub min_per_group: u32,
    #[serde(default)]
    pub short_groups: Vec<String>,
    #[serde(default)]
    pub short_group_names: Vec<String>,
}

/// `GET /api/v1/events/{event}/ranking` and the stream's `results` event: revealed
/// presenters, ranked, with their breakdowns.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultsView {
    pub presenters: Vec<RankedPresenter>,
    /// The presenter revealed last.
    #[serde(default)]
    pub latest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<ResultsEvent>,
}

/// The event the public results are of.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultsEvent {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    /// The event this one followed as its next quarter.
    #[serde(default)]
    pub previous_event: Option<String>,
    /// Every presenter is revealed.
    #[serde(default)]
    pub complete: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RankedPresenter {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub unit: String,
    /// The config's summary of the presenter's work.
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(rename = "final")]
    pub final_score: Option<Score>,
    pub rank: u32,
    pub decided_by: super::scoring::DecidedBy,
    #[serde(default)]
    pub revealed_at: String,
    #[serde(default)]
    pub forced: bool,
    pub result: PublicResult,
    /// The host amended the revealed result (with a reason, in the audit log).
    #[serde(default)]
    pub amended: bool,
    /// Each amendment with its written reason, oldest first.
    #[serde(default)]
    pub amendments: Vec<Amendment>,
    /// Another presenter has the same place.
    #[serde(default)]
    pub shared: bool,
    /// The place in the previous ranking, when the event knows it.
    #[serde(default)]
    pub previous_rank: Option<u32>,
    /// Places gained since then (negative: lost).
    #[serde(default)]
    pub rank_change: Option<i64>,
}

/// A result as the room sees it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PublicResult {
    pub marks: Vec<PublicMark>,
    pub groups: Vec<PublicGroup>,
    #[serde(default)]
    pub trimmed: bool,
    #[serde(rename = "final", default)]
    pub final_display: Option<String>,
    #[serde(default)]
    pub untrimmed_mean: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PublicMark {
    pub group: String,
    pub group_name: String,
    /// Shown only when the event allows judges' names on the screen.
    #[serde(default)]
    pub judge: Option<String>,
    pub total: Score,
    /// The total with the event's decimals, as every other number on the screen.
    #[serde(default)]
    pub total_display: Option<String>,
    /// `highest` or `lowest` when trimming dropped it.
    #[serde(default)]
    pub dropped: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PublicGroup {
    pub group: String,
    pub name: String,
    pub sheets: u32,
    pub kept: u32,
    #[serde(default)]
    pub subtotal: Option<String>,
}

/// `POST /api/v1/events/{event}/presenters/{presenter}/reveal` (host): the lock, as the
/// reveal made it (the same body for a second reveal of the presenter).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RevealedLock {
    pub presenter: String,
    #[serde(rename = "final")]
    pub final_score: Option<Score>,
    /// The place at the moment of the reveal.
    pub rank: u32,
    /// The full breakdown; `result_hash` is the digest of its canonical form.
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub result: PresenterResult,
    pub result_hash: String,
    pub revealed_at: String,
    pub server_seq: u64,
    pub forced: bool,
}

/// `GET /api/v1/events/{event}/presenters/{presenter}/preview` (host): the result as it
/// would be revealed now; never published.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultPreview {
    pub presenter: String,
    #[serde(rename = "final")]
    pub final_score: Option<Score>,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub quorum: Quorum,
    /// The result as the room would see it.
    pub breakdown: PublicResult,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub result: PresenterResult,
}

/// `POST /api/v1/events/{event}/presenters/{presenter}/amend` (host): the amendment made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AmendmentMade {
    pub presenter: String,
    /// 1 for the presenter's first amendment.
    pub n: u32,
    pub reason: String,
    pub previous_final: Option<Score>,
    #[serde(rename = "final")]
    pub final_score: Option<Score>,
    pub result_hash: String,
    pub amended_at: String,
}

/// `GET /api/v1/events/{event}/late` (host).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LateList {
    pub late: Vec<LateEntry>,
}

/// A sheet that reached the server after its presenter's reveal: kept, never counted
/// except by an amendment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LateEntry {
    pub op_id: String,
    pub judge: String,
    pub presenter: String,
    pub values: Values,
    pub submitted: bool,
    pub received_at: String,
    #[serde(default)]
    pub server_seq: u64,
    #[serde(default)]
    pub receipt: Option<Receipt>,
    // Beyond the contract: what the host's console shows instead of ids.
    #[serde(default)]
    pub judge_name: Option<String>,
    #[serde(default)]
    pub group_name: Option<String>,
    #[serde(default)]
    pub presenter_name: Option<String>,
    /// The values by criterion, in the event's order, with the criteria's names.
    #[serde(default)]
    pub named_values: Vec<NamedValue>,
    #[serde(default)]
    pub total: Option<Score>,
    /// The amendment that counted this sheet, if one did.
    #[serde(default)]
    pub counted_in: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NamedValue {
    pub criterion: String,
    pub name: String,
    pub value: Option<Score>,
}

/// `GET /api/v1/events/{event}/progress` (host): every judge's sheet for every presenter,
/// each device's last contact, and the current presenter's quorum.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProgressGrid {
    pub presenters: Vec<GridPresenter>,
    pub judges: Vec<GridJudge>,
    #[serde(default)]
    pub devices: Vec<DeviceSeen>,
    #[serde(default)]
    pub current: Option<ProgressView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GridPresenter {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub revealed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GridJudge {
    pub id: String,
    pub name: String,
    pub group: String,
    #[serde(default)]
    pub group_name: Option<String>,
    pub cells: BTreeMap<String, GridCell>,
}

/// Where one judge's sheet for one presenter stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    #[default]
    Empty,
    InProgress,
    Submitted,
    Recused,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GridCell {
    pub state: CellState,
    /// The last three only for a sheet that reached the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synced_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_seq: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<Receipt>,
}

/// A judge's device as the server last heard from it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeviceSeen {
    pub device: String,
    pub judge: String,
    pub last_seen: String,
    /// Changes the device said it still held unsent.
    #[serde(default)]
    pub pending: Option<u64>,
}

/// The refusal of a reveal below quorum (`quorum_not_met`): beyond the contract's code and
/// message, the counts and groups, so the console can say it in the host's language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QuorumRefusal {
    pub sheets: u32,
    pub min_sheets: u32,
    #[serde(default)]
    pub short_groups: Vec<String>,
    #[serde(default)]
    pub short_group_names: Vec<String>,
}

/// An error answer as the host's pages read it: the contract's code, and the refused
/// reveal's quorum when that is why.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HostError {
    pub code: String,
    #[serde(default)]
    pub quorum: Option<QuorumRefusal>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HostErrorBody {
    pub error: HostError,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// An event as the host's list shows it, and as an import or a replacement answers it
/// (`{"event": …}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventSummary {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub date: Option<String>,
    /// How many presenters and judges the config has.
    pub presenters: u32,
    pub judges: u32,
    /// In `GET /api/v1/events` only: whether it is the current event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<bool>,
}

/// `GET /api/v1/events` (host): every event, the current one marked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventList {
    pub events: Vec<EventSummary>,
}

/// `POST /api/v1/events` and `PUT /api/v1/events/{event}/config` (host): the event as
/// imported or replaced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportedEvent {
    pub event: EventSummary,
}

/// `POST /api/v1/events/{event}/next` (host): the next quarter's event, made from this one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NextQuarter {
    pub event: EventSummary,
    /// The event it was made from.
    pub previous_event: String,
    /// In the new speaking order: this quarter's ranking.
    pub presenters: Vec<NextPresenter>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NextPresenter {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub order: Option<u32>,
    /// The place in the ranking the quarter was made from; none when not revealed.
    pub last_rank: Option<u32>,
}

/// `GET /api/v1/events/{event}/judges` (host).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct JudgeLinks {
    pub judges: Vec<JudgeLink>,
}

/// A judge with the link that signs the judge's device in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct JudgeLink {
    pub id: String,
    pub name: String,
    pub group: String,
    pub token: String,
    pub join_url: String,
}

/// `GET /api/v1/events/{event}/judge-cards` (host): the printed sheet of join links.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct JudgeCards {
    pub event: EventRef,
    pub judges: Vec<JudgeCard>,
}

/// A judge's card: the join link and its QR code (an SVG document).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct JudgeCard {
    pub id: String,
    pub name: String,
    pub group: String,
    #[serde(default)]
    pub group_name: Option<String>,
    pub join_url: String,
    pub qr_svg: String,
}

/// `POST /api/v1/events/{event}/judges/{judge}/reissue` (host): the judge's new link (the
/// old one no longer signs in) and its QR code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReissuedLink {
    pub id: String,
    pub token: String,
    pub join_url: String,
    pub qr_svg: String,
}

/// `GET /api/v1/events/{event}/results` (anyone): the revealed presenters, ranked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultsList {
    pub presenters: Vec<ResultsEntry>,
}

/// A revealed presenter's place: the contract's fields, then what the pages show beside.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultsEntry {
    pub id: String,
    #[serde(rename = "final")]
    pub final_score: Option<Score>,
    pub rank: u32,
    /// How many sheets the result counted.
    pub counted: u32,
    pub result_hash: String,
    pub revealed_at: String,
    pub decided_by: DecidedBy,
    #[serde(default)]
    pub forced: bool,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    /// Another presenter has the same place.
    #[serde(default)]
    pub shared: bool,
    /// The place in the previous ranking, when the event knows it.
    #[serde(default)]
    pub previous_rank: Option<u32>,
    /// Places gained since then (negative: lost).
    #[serde(default)]
    pub rank_change: Option<i64>,
    /// The host amended the result; present only then, with the amendments oldest first.
    #[serde(default, skip_serializing_if = "is_false")]
    pub amended: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<Amendment>,
}

/// `GET /api/v1/events/{event}/receipts/{server_seq}` (host): the op recorded under a
/// number, as its audit line `E` (`audit::AuditEntry`, whose fields it carries at the
/// top level), and what the host compares with the receipt on a judge's phone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReceiptRecord<E> {
    #[serde(flatten)]
    pub entry: E,
    pub server_seq: u64,
    pub received_at: String,
    #[serde(default)]
    pub judge_name: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub group_name: Option<String>,
    #[serde(default)]
    pub presenter_name: Option<String>,
    /// The op's sheet is the one the server holds for that judge and presenter now.
    #[serde(default)]
    pub current: bool,
    /// What became of the sheet in its presenter's result; none before the reveal, or for
    /// an op that recorded no sheet.
    #[serde(default)]
    pub counted: Option<SheetCount>,
    /// Whether the receipt asked about is this record's (only when one was asked about).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matches: Option<bool>,
}

/// What became of a recorded sheet in its presenter's revealed result: a judge line's
/// status, or `not_counted` when the result counted another sheet of that judge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SheetCount {
    Counted,
    DroppedHighest,
    DroppedLowest,
    Recused,
    NoSheet,
    NotSubmitted,
    NotCounted,
}

impl From<MarkStatus> for SheetCount {
    fn from(status: MarkStatus) -> Self {
        match status {
            MarkStatus::Counted => SheetCount::Counted,
            MarkStatus::DroppedHighest => SheetCount::DroppedHighest,
            MarkStatus::DroppedLowest => SheetCount::DroppedLowest,
            MarkStatus::Recused => SheetCount::Recused,
            MarkStatus::NoSheet => SheetCount::NoSheet,
            MarkStatus::NotSubmitted => SheetCount::NotSubmitted,
        }
    }
}

/// A request body of `/api/v1`: a JSON object with only the fields it names (the server's
/// `api::body::Body` extractor refuses anything else with the contract's 400).
pub trait RequestBody: serde::de::DeserializeOwned {
    /// The fields the body may have.
    const FIELDS: &'static [&'static str];
    /// A good body, for the refusal's message.
    const SHAPE: &'static str;

    /// What an empty body (or only white space) means, when it is allowed.
    fn when_empty() -> Option<Self> {
        None
    }
}

/// `POST /api/v1/events/{event}/presenters/{presenter}/reveal` (host).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RevealBody {
    /// Reveal below the quorum (the refusal's groups are then short of sheets).
    #[serde(default)]
    pub force: bool,
}

impl RequestBody for RevealBody {
    const FIELDS: &'static [&'static str] = &["force"];
    const SHAPE: &'static str = "{} or {\"force\": true}";

    fn when_empty() -> Option<Self> {
        Some(RevealBody::default())
    }
}

/// `POST /api/v1/events/{event}/show` (host): one move of the run of show, and the version
/// of the run of show it was made on (beyond the contract: a move made on a stage the
/// host's device no longer shows is refused).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MoveBody {
    #[serde(flatten)]
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub mv: super::show::Move,
    #[serde(default)]
    pub version: Option<u64>,
}

impl RequestBody for MoveBody {
    const FIELDS: &'static [&'static str] = &["action", "order", "version"];
    const SHAPE: &'static str = "{\"action\": \"start_report\"}";
}

/// `POST /api/v1/events/{event}/presenters/{presenter}/amend` (host).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AmendBody {
    /// Why, in words: kept in the audit log and shown with the result.
    #[serde(default)]
    pub reason: String,
    /// Late ops (by `op_id`) to count: each replaces its judge's sheet.
    #[serde(default)]
    pub include_late: Vec<String>,
}

impl RequestBody for AmendBody {
    const FIELDS: &'static [&'static str] = &["reason", "include_late"];
    const SHAPE: &'static str = "{\"reason\": \"…\", \"include_late\": [op ids]}";
}

/// `POST /api/v1/events/{event}/next` (host): the next quarter's event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NextBody {
    pub id: String,
    #[serde(default, alias = "name")]
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    /// Make it although some presenters are not revealed: they speak last.
    #[serde(default)]
    pub force: bool,
}

impl RequestBody for NextBody {
    const FIELDS: &'static [&'static str] = &["id", "title", "name", "date", "force"];
    const SHAPE: &'static str = "{\"id\": \"…\", \"title\": \"…\"}";
}
