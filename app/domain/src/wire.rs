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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// The event's round and whether it is a rehearsal (beyond the contract).
    #[serde(default)]
    pub round: RoundInfo,
    /// The event the room is on now, when it is another (beyond the contract): a judge who
    /// opens last quarter's link is told so, rather than scoring what no longer counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now_on: Option<EventRef>,
}

/// Which round an event is in (beyond the contract). A device tags each op with the round
/// it was made in; when the number it knows was a rehearsal's and the server's is higher,
/// the rehearsal has ended: the device drops that round's sheets and unsent ops.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundInfo {
    pub number: u32,
    pub rehearsal: bool,
}

impl RoundInfo {
    /// Whether a device that knew `self` must drop what it holds on learning `now`.
    pub fn rehearsal_ended_by(&self, now: &RoundInfo) -> bool {
        self.rehearsal && now.number > self.number
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventInfo {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub language: Option<String>,
    pub criteria: Vec<CriterionInfo>,
    pub presenters: Vec<PresenterInfo>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// The judge's written point on this presenter (意见建议; beyond the contract), shown
    /// to the host only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A revealed presenter, as a judge may see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Op {
    pub op_id: String,
    pub presenter: String,
    pub rev: u64,
    pub values: Values,
    pub submitted: bool,
    pub client_time: String,
    /// The round the op was made in (beyond the contract; see [`RoundInfo`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<u32>,
    /// The judge's written point on this presenter (意见建议, optional; beyond the
    /// contract): part of the sheet, shown to the host only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `POST /api/v1/events/{event}/sync`'s body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncRequest {
    pub device: String,
    pub ops: Vec<Op>,
    /// How many changes the device holds unsent, for the host's view (beyond the contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<u64>,
}

/// `sync`'s answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncResponse {
    pub results: Vec<OpResult>,
    #[serde(default)]
    pub server_time: String,
    /// The event's round now (beyond the contract).
    #[serde(default)]
    pub round: RoundInfo,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WireError {
    pub code: String,
    pub message: String,
}

/// Every error answer of the API: `{"error": {"code", "message"}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// The contract's code and message, and what some refusals add beyond them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    /// An invalid config's problems, one per field (`invalid_config`), or a request body's
    /// (`bad_request` for an item's bodies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldError>>,
    /// Why a reveal was refused (`quorum_not_met` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<QuorumRefusal>,
}

/// One problem of an invalid config, and the field it is about (`judges[3].group`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// `GET /api/v1/me`: `{"role": "host"}`, or a judge's event and who the judge is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// A rehearsal is on: every screen says so, and nothing of it will count.
    #[serde(default)]
    pub rehearsal: bool,
    /// The event's round (see [`RoundInfo`]): a phone that sees it move on past its
    /// rehearsal drops that rehearsal's sheets before the judge scores again.
    #[serde(default)]
    pub round: u32,
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
    /// Time left in a phase, in ms, at which the screen and the host's console cue (0 is
    /// time up; see `show::CueWatch`). The judge's phone has no cues.
    #[serde(default)]
    #[cfg_attr(feature = "judge-bundle", serde(skip_deserializing))]
    pub cues_ms: Vec<i64>,
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

    /// Whether this is an older state of the same event's run of show than `held`: news
    /// that took longer on its way than a move's own answer, or a poll sent before the
    /// move. A page keeps what it holds then, so its buttons do not jump back a step.
    /// The same state again (news of the sheets' progress) is not older.
    pub fn is_older_than(&self, held: &ShowView) -> bool {
        self.event.id == held.event.id && (self.round, self.version) < (held.round, held.version)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventRef {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhaseLimits {
    pub report: i64,
    pub defence: i64,
    pub scoring: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressView {
    pub presenter: String,
    pub submitted: u32,
    pub eligible: u32,
    pub quorum: QuorumView,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealedLock {
    pub presenter: String,
    #[serde(rename = "final")]
    pub final_score: Option<Score>,
    /// The place at the moment of the reveal.
    pub rank: u32,
    /// The full breakdown; `result_hash` is the digest of its canonical form.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub result: PresenterResult,
    pub result_hash: String,
    pub revealed_at: String,
    pub server_seq: u64,
    pub forced: bool,
}

/// `GET /api/v1/events/{event}/presenters/{presenter}/preview` (host): the result as it
/// would be revealed now; never published.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultPreview {
    pub presenter: String,
    #[serde(rename = "final")]
    pub final_score: Option<Score>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub quorum: Quorum,
    /// The result as the room would see it.
    pub breakdown: PublicResult,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub result: PresenterResult,
}

/// `POST /api/v1/events/{event}/presenters/{presenter}/amend` (host): the amendment made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LateList {
    pub late: Vec<LateEntry>,
}

/// A sheet that reached the server after its presenter's reveal: kept, never counted
/// except by an amendment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// The judge's written point the late sheet carried (only the host sees it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedValue {
    pub criterion: String,
    pub name: String,
    pub value: Option<Score>,
}

/// `GET /api/v1/events/{event}/progress` (host): every judge's sheet for every presenter,
/// each device's last contact, and the current presenter's quorum.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressGrid {
    pub presenters: Vec<GridPresenter>,
    pub judges: Vec<GridJudge>,
    #[serde(default)]
    pub devices: Vec<DeviceSeen>,
    #[serde(default)]
    pub current: Option<ProgressView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GridPresenter {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub revealed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    #[default]
    Empty,
    InProgress,
    Submitted,
    Recused,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostError {
    pub code: String,
    #[serde(default)]
    pub quorum: Option<QuorumRefusal>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HostErrorBody {
    pub error: HostError,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// An event as the host's list shows it, and as an import or a replacement answers it
/// (`{"event": …}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Where the event is: `draft`, `rehearsal`, `live` or `finished`.
    #[serde(default)]
    pub state: EventState,
    /// The event this one was made from as its next quarter, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

/// Where an event is in its life.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventState {
    /// Being set up: nothing scored, revealed or moved yet; the config may change freely.
    #[default]
    Draft,
    /// A rehearsal is on: everything works, and nothing of it will count.
    Rehearsal,
    /// Started for real: a score, a reveal or a move of the run of show.
    Live,
    /// Every presenter revealed.
    Finished,
}

/// `POST` and `DELETE /api/v1/events/{event}/rehearsal` (host): the event after the step,
/// and, when a rehearsal ended, what was wiped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RehearsalView {
    pub event: EventSummary,
    pub round: RoundInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wiped: Option<Wiped>,
}

/// What ending a rehearsal wiped.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Wiped {
    /// Ops recorded in it, whatever their outcome (their receipts go with them).
    pub ops: u64,
    pub sheets: u64,
    pub reveals: u64,
    pub late: u64,
    pub amendments: u64,
    pub show_moved: bool,
}

/// `POST /api/v1/events/{event}/roster?dry_run=true` (host), and the 400 of a roster with
/// problems: every usable row as read, and every row's problem.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterPreview {
    pub rows: Vec<RosterRow>,
    pub errors: Vec<RosterError>,
}

/// One row of a roster as read: a judge or a presenter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterRow {
    /// The spreadsheet's own row number (the column names are row 1).
    pub row: u32,
    /// `judge` or `presenter`.
    pub kind: String,
    pub name: String,
    /// A judge's group, by its id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rank: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The presenters (names or units) a judge does not score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recused: Vec<String>,
}

/// The 400 of `POST /api/v1/events/{event}/roster` with problems: the contract's error
/// beside the preview's rows and errors. Nothing was stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterRefusal {
    pub error: ErrorDetail,
    pub rows: Vec<RosterRow>,
    pub errors: Vec<RosterError>,
}

/// A problem of a roster: its row (0 for the file as a whole), the column and what to do,
/// in the event's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterError {
    pub row: u32,
    pub field: String,
    pub message: String,
}

/// `POST /api/v1/events/{event}/roster` (host): the event's judges, each with its link
/// (new judges with new ones), and its presenters, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterStored {
    pub event: EventSummary,
    pub judges: Vec<JudgeLink>,
    pub presenters: Vec<PresenterInfo>,
}

/// `GET /api/v1/events` (host): every event, the current one marked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventList {
    pub events: Vec<EventSummary>,
}

/// `POST /api/v1/events` and `PUT /api/v1/events/{event}/config` (host): the event as
/// imported or replaced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedEvent {
    pub event: EventSummary,
}

/// `POST /api/v1/events/{event}/next` (host): the next quarter's event, made from this one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextQuarter {
    pub event: EventSummary,
    /// The event it was made from.
    pub previous_event: String,
    /// In the new speaking order: this quarter's ranking.
    pub presenters: Vec<NextPresenter>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JudgeLinks {
    pub judges: Vec<JudgeLink>,
}

/// A judge with the link that signs the judge's device in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JudgeLink {
    pub id: String,
    pub name: String,
    pub group: String,
    pub token: String,
    pub join_url: String,
}

/// `GET /api/v1/events/{event}/judge-cards` (host): the printed sheet of join links.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JudgeCards {
    pub event: EventRef,
    pub judges: Vec<JudgeCard>,
}

/// A judge's card: the join link and its QR code (an SVG document).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReissuedLink {
    pub id: String,
    pub token: String,
    pub join_url: String,
    pub qr_svg: String,
}

/// `GET /api/v1/events/{event}/results` (anyone): the revealed presenters, ranked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultsList {
    pub presenters: Vec<ResultsEntry>,
}

/// A revealed presenter's place: the contract's fields, then what the pages show beside.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// `POST /api/v1/events/{event}/paper` (host): a judge's paper sheet for one presenter,
/// entered on the judge's behalf. It becomes the judge's sheet under the rules of any op;
/// the answer is that op's result, as `sync` gives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaperBody {
    pub judge: String,
    pub presenter: String,
    pub values: Values,
    pub submitted: bool,
    /// The entry's own UUID, the same on every retry, so it counts once (a new one when
    /// left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op_id: Option<String>,
    /// Who typed it in, for the audit log and the receipt (default: the host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_by: Option<String>,
}

impl RequestBody for PaperBody {
    const FIELDS: &'static [&'static str] = &[
        "judge",
        "presenter",
        "values",
        "submitted",
        "op_id",
        "entered_by",
    ];
    const SHAPE: &'static str =
        "{\"judge\": \"…\", \"presenter\": \"…\", \"values\": {\"c1\": 36.5}, \"submitted\": true}";
}

/// `POST /api/v1/events/{event}/presenters/{presenter}/reveal` (host).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveBody {
    #[serde(flatten)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// `POST /api/v1/events/new` (host): a new event to set up in the editor; the current
/// event stays as it was.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewEventBody {
    /// `blank`, `demo`, or `copy` (of `source`).
    pub from: NewEventFrom,
    /// The event to copy, with `"from": "copy"`.
    #[serde(default)]
    pub source: Option<String>,
    pub title: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    /// A blank event's language (`zh-CN` or `en`); the demo and a copy keep theirs.
    #[serde(default)]
    pub language: Option<crate::Lang>,
    /// The new event's id; made from the date when left out.
    #[serde(default)]
    pub id: Option<String>,
}

impl RequestBody for NewEventBody {
    const FIELDS: &'static [&'static str] = &["from", "source", "title", "date", "language", "id"];
    const SHAPE: &'static str = "{\"from\": \"blank\", \"title\": \"…\", \"date\": \"2026-12-20\"}";
}

/// What a new event starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NewEventFrom {
    /// One example group, criterion, presenter and judge, to replace.
    Blank,
    /// The demo contest.
    Demo,
    /// A copy of an earlier event (`source`): everything but its id, title and date.
    Copy,
}

// ---- 局长直通车: follow-up items raised at a session (domain rules in `items.rs`) ----

use super::item_terms::{Actor, EntryKind, ItemFlag, ItemSource, ItemStatus, Tally};

/// `POST /api/v1/events/{event}/items` (host): an item raised at the event. `presenter`
/// is the unit responsible; none means the city bureau itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewItem {
    /// `2026Q2-017`; left out (or empty), the server gives the event's next number in the
    /// quarter of the event's date.
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub presenter: Option<String>,
    pub title: String,
    #[serde(default)]
    pub detail: String,
    pub source: ItemSource,
    /// The group whose representative raised it.
    #[serde(default)]
    pub raised_by: Option<String>,
    /// The person who answers for it in the unit.
    pub owner: String,
    /// `YYYY-MM-DD`.
    pub assigned_on: String,
    /// `YYYY-MM-DD`.
    pub due: String,
    /// A key item (重点).
    #[serde(default)]
    pub key: bool,
}

impl RequestBody for NewItem {
    const FIELDS: &'static [&'static str] = &[
        "number",
        "presenter",
        "title",
        "detail",
        "source",
        "raised_by",
        "owner",
        "assigned_on",
        "due",
        "key",
    ];
    const SHAPE: &'static str = "{\"number\": \"2026Q2-017\", \"presenter\": \"…\", \"title\": \"…\", \"source\": \"representative\", \"owner\": \"…\", \"assigned_on\": \"2026-04-10\", \"due\": \"2026-06-30\"}";
}

/// `POST /api/v1/events/{event}/items/{id}/transitions`: a change of status. `reason`
/// is needed for `returned`, `withdrawn` and `long_term`; `due` is `long_term`'s promised
/// date and taken by no other status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransitionBody {
    pub to: ItemStatus,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub due: Option<String>,
}

impl RequestBody for TransitionBody {
    const FIELDS: &'static [&'static str] = &["to", "reason", "due"];
    const SHAPE: &'static str =
        "{\"to\": \"in_progress\"} or {\"to\": \"returned\", \"reason\": \"…\"}";
}

/// `POST /api/v1/events/{event}/items/{id}/extend` (host): a later due date, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExtendBody {
    pub due: String,
    #[serde(default)]
    pub reason: String,
}

impl RequestBody for ExtendBody {
    const FIELDS: &'static [&'static str] = &["due", "reason"];
    const SHAPE: &'static str = "{\"due\": \"2026-09-30\", \"reason\": \"…\"}";
}

/// `POST /api/v1/events/{event}/items/{id}/notes`: a progress note, no change of status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoteBody {
    pub text: String,
}

impl RequestBody for NoteBody {
    const FIELDS: &'static [&'static str] = &["text"];
    const SHAPE: &'static str = "{\"text\": \"…\"}";
}

/// `POST /api/v1/events/{event}/items/{id}/behind-plan` (host): the yellow flag set or
/// cleared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlagBody {
    pub behind_plan: bool,
    #[serde(default)]
    pub reason: Option<String>,
}

impl RequestBody for FlagBody {
    const FIELDS: &'static [&'static str] = &["behind_plan", "reason"];
    const SHAPE: &'static str = "{\"behind_plan\": true}";
}

/// `POST /api/v1/events/{event}/items/{id}/vote` (host): the representatives' votes.
impl RequestBody for Tally {
    const FIELDS: &'static [&'static str] =
        &["satisfied", "basically_satisfied", "unsatisfied", "abstain"];
    const SHAPE: &'static str =
        "{\"satisfied\": 9, \"basically_satisfied\": 2, \"unsatisfied\": 1, \"abstain\": 0}";
}

/// `GET /api/v1/events/{event}/items/{id}` and each item of the list: the item, where it
/// stands on the given day, and everything that happened to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemView {
    /// The item's id in its event's paths: its number in lower case, `2026q2-017`.
    pub id: String,
    pub event: String,
    pub number: String,
    /// None: the city bureau itself.
    pub presenter: Option<String>,
    pub title: String,
    pub detail: String,
    pub source: ItemSource,
    pub raised_by: Option<String>,
    pub owner: String,
    pub assigned_on: String,
    /// The due date in force.
    pub due: String,
    /// Every due date the item had, the first one first.
    pub dues: Vec<String>,
    pub key: bool,
    pub behind_plan: bool,
    pub status: ItemStatus,
    /// Computed for the day the view was made, never stored.
    pub flags: Vec<ItemFlag>,
    /// The latest vote.
    pub vote: Option<Tally>,
    /// Oldest first, starting with the item's raising.
    pub history: Vec<ItemEntryView>,
}

/// `GET /api/v1/events/{event}/items`: the event's items (those the query's filters let
/// through), in the order of their numbers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemList {
    pub items: Vec<ItemView>,
}

/// One line of an item's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemEntryView {
    pub kind: EntryKind,
    pub from: ItemStatus,
    pub to: ItemStatus,
    /// RFC 3339.
    pub at: String,
    pub by: Actor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The due date this entry set (the first one, an extension's, a promised date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<Tally>,
    /// For a carry over, the other session's id: where the item came from or went to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
}

/// A set of items' figures; rates are decimal strings with four places (`"0.9706"`),
/// null when nothing counts towards them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemFigures {
    pub total: u32,
    /// Accepted (已办结) or closed (已销号).
    pub closed: u32,
    /// Of those, accepted by the due date in force.
    pub on_time: u32,
    pub withdrawn: u32,
    /// Long-running items, counted apart: in `total`, in no rate's denominator.
    pub long_term: u32,
    /// The latest vote of each item not withdrawn, added up.
    pub votes: Tally,
    pub closure_rate: Option<String>,
    pub on_time_rate: Option<String>,
    pub satisfaction_rate: Option<String>,
}

/// `GET /api/v1/events/{event}/items/summary`: the event's figures, then each unit's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemSummary {
    #[serde(flatten)]
    pub figures: ItemFigures,
    pub units: Vec<UnitItems>,
}

/// One unit's figures; `presenter` none is the city bureau itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitItems {
    pub presenter: Option<String>,
    #[serde(flatten)]
    pub figures: ItemFigures,
}

// ---- 局长直通车: the units' own links ----

/// One unit that answers for items, with its link when it has one: `unit` is the
/// presenter's id, none for the city bureau itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitLink {
    pub unit: Option<String>,
    /// The unit's name (a presenter's unit); none for the city bureau itself.
    pub unit_name: Option<String>,
    /// The presenter who speaks for it.
    pub presenter_name: Option<String>,
    /// How many items it answers for in this event.
    pub items: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_svg: Option<String>,
}

/// `GET /api/v1/events/{event}/units` (host): every unit of the event, presenters' first in
/// speaking order, then the city bureau itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitLinks {
    pub units: Vec<UnitLink>,
}

/// `GET /api/v1/unit` (a unit's token): the unit's own items in the event its link is for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitView {
    pub event: String,
    pub event_title: String,
    pub unit: Option<String>,
    pub unit_name: Option<String>,
    pub items: Vec<ItemView>,
}

// ---- 局长直通车: 回头看 at the next session, and the representatives' votes ----

use super::item_terms::Choice;

/// `GET /api/v1/events/{event}/review` (anyone: the big screen shows it): the follow-up of
/// the items raised at the sessions before this one, as they stand today. An item carried
/// over into this event (by `POST …/next`) is counted as it stands here; one closed or
/// withdrawn before it could be carried, as it stood in its own event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewView {
    pub event: EventRef,
    /// The session reviewed (the one this event was made from); none when there is none.
    pub previous: Option<EventRef>,
    /// The figures of every item reviewed.
    pub figures: ItemFigures,
    /// Open items not long-term (已交办, 办理中, 已反馈, 退回重办, 复号).
    pub in_progress: u32,
    /// Open items past their due date on the day of the view.
    pub overdue: u32,
    /// Each unit with items: presenters in this event's speaking order, then the city bureau.
    pub units: Vec<ReviewUnit>,
    /// The items the representatives vote on (accepted since the last session), in the
    /// order of their numbers.
    pub ballot: Vec<BallotItem>,
    /// How many representatives (the event's judges) may vote: "N of M have voted".
    #[serde(default)]
    pub judges: u32,
}

/// One unit's line of the review table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewUnit {
    /// The presenter's id; none for the city bureau itself.
    pub presenter: Option<String>,
    /// The presenter's unit (none for the city bureau: the page names it in its language).
    pub unit_name: Option<String>,
    pub figures: ItemFigures,
    pub in_progress: u32,
    pub overdue: u32,
    pub due_soon: u32,
    pub behind_plan: u32,
}

/// One item on the representatives' ballot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BallotItem {
    /// The item's id in this event's paths (`2026q2-017`).
    pub id: String,
    pub number: String,
    pub presenter: Option<String>,
    pub unit_name: Option<String>,
    pub title: String,
    /// What the unit reported done: the latest note or reason before its acceptance.
    #[serde(default)]
    pub report: Option<String>,
    /// Whether votes are still taken (the host has not closed the vote yet).
    pub open: bool,
    /// Votes recorded so far (each judge's latest), abstentions included.
    pub votes: u32,
    /// The tally, once the host has closed the vote.
    #[serde(default)]
    pub tally: Option<Tally>,
    /// The item's status now: after the close, `closed` (已销号) or, when the vote reopened
    /// it, `reopened` or wherever it went since. The phone does not show it.
    #[serde(default)]
    #[cfg_attr(feature = "judge-bundle", serde(skip_deserializing))]
    pub status: Option<ItemStatus>,
}

/// One vote op: a judge's choice on one item. The rules of a sheet's op hold: the op is
/// recorded once and replays its result; `rev` is the judge's own counter for the item (a
/// greater `(rev, device)` supersedes); a vote after the host closed the item's vote is
/// `late`, kept and never counted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteOp {
    pub op_id: String,
    pub item: String,
    pub rev: u64,
    pub choice: Choice,
    #[serde(default)]
    pub client_time: String,
}

/// `POST /api/v1/events/{event}/votes` (judge): answered like `sync`, one result per op
/// in request order ([`SyncResponse`]), after all of it is durable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteRequest {
    pub device: String,
    pub ops: Vec<VoteOp>,
}

/// A judge's vote as the server holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnVote {
    pub rev: u64,
    pub device: String,
    pub choice: Choice,
}

/// `GET /api/v1/events/{event}/ballot` (judge): the items to vote on and this judge's
/// votes, by item id, for a phone that rebuilds itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ballot {
    pub items: Vec<BallotItem>,
    pub votes: BTreeMap<String, OwnVote>,
    pub server_time: String,
}

/// `GET /api/v1/events/{event}/notes` (host): the judges' written points (意见建议), the
/// latest of each sheet that has one, in speaking order then the event's order of judges.
/// Never public: the results, the screen, the stream and the exports leave them out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetNotes {
    pub notes: Vec<SheetNote>,
}

/// One judge's written point on one presenter, with the names the host reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SheetNote {
    pub judge: String,
    pub judge_name: String,
    /// The judge's constituency group's id and name.
    pub group: String,
    pub group_name: String,
    pub presenter: String,
    /// The presenter's unit, or the name when the unit is not given.
    pub presenter_name: String,
    pub text: String,
    /// When the server received it (RFC 3339).
    pub at: String,
}

/// `GET /api/v1/events/{event}/votes/late` (host): the representatives' votes that came
/// after their item's vote was closed, in the order they came: kept, never counted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LateVotes {
    pub votes: Vec<LateVoteEntry>,
}

/// One late vote: on which item, whose, what, and when the server received it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LateVoteEntry {
    /// The item's id in this event's paths (`2026q2-017`).
    pub item: String,
    pub judge: String,
    pub judge_name: String,
    pub choice: Choice,
    /// RFC 3339.
    pub received_at: String,
}

#[cfg(test)]
mod tests {
    use super::ShowView;

    fn show(event: &str, round: u32, version: u64, phase: &str) -> ShowView {
        serde_json::from_value(serde_json::json!({
            "event": {"id": event, "title": "t"},
            "version": version,
            "order": [],
            "current": null,
            "phase": phase,
            "since_ms": null,
            "round": round,
            "server_ms": 0,
        }))
        .unwrap()
    }

    #[test]
    fn news_behind_a_move_s_answer_is_older_and_the_same_state_again_is_not() {
        let held = show("e1", 1, 5, "defence");
        assert!(show("e1", 1, 4, "report").is_older_than(&held));
        assert!(!show("e1", 1, 5, "defence").is_older_than(&held));
        assert!(!show("e1", 1, 6, "scoring").is_older_than(&held));
        // A new round starts its versions again, and is newer than any of the last.
        assert!(!show("e1", 2, 0, "waiting").is_older_than(&held));
        assert!(show("e1", 0, 9, "scoring").is_older_than(&held));
        // Another event's show is never held against this one's.
        assert!(!show("e2", 0, 0, "waiting").is_older_than(&held));
    }
}
