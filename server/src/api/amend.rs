//! Amending a revealed result: only by the host, only with a written reason, by counting
//! scores that arrived late. The lock stays as revealed; the amendment is recorded beside
//! it and in the audit log, and the results show the amended value marked as amended.

use super::auth::{EventOf, Host};
use super::body::Body;
use super::doc;
use crate::clock::now_rfc3339;
use crate::error::{ApiError, ApiResult};
use crate::live::Change;
use crate::state::AppState;
use crate::store::{AmendmentRecord, AuditRecord};
use app::domain::audit::AuditAction;
use app::domain::scoring::presenter_result;
use app::domain::sheet::Sheet;
use app::domain::wire;
use app::domain::wire::AmendmentMade;
use axum::extract::{Path, State};
use axum::Json;
use serde_json::json;

/// `POST /api/v1/events/{event}/presenters/{presenter}/amend` (host)
#[utoipa::path(
    post,
    path = "/api/v1/events/{event}/presenters/{presenter}/amend",
    tag = "results",
    security(("host" = [])),
    params(doc::PresenterPath),
    request_body = app::domain::wire::AmendBody,
    responses((status = 200, description = "The amendment recorded: the presenter, its number, the reason, the previous and the new final.", body = app::domain::wire::AmendmentMade), doc::Refusals)
)]
pub async fn amend(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
    Path((_, presenter)): Path<(String, String)>,
    Body(body): Body<wire::AmendBody>,
) -> ApiResult<Json<AmendmentMade>> {
    let presenter = super::presenter_or_404(&config, &presenter)?;
    let reason = body.reason.trim().to_string();
    if reason.is_empty() {
        return Err(ApiError::BadRequest(
            "an amendment needs a written reason".into(),
        ));
    }
    let max = app::domain::limits::MAX_REASON_CHARS;
    if reason.chars().count() > max {
        return Err(ApiError::BadRequest(format!(
            "a reason has at most {max} characters"
        )));
    }
    if body.include_late.is_empty() {
        return Err(ApiError::BadRequest(
            "name the late scores to count in \"include_late\"".into(),
        ));
    }
    // Decided and written in turn with every other change: two amendments at once number
    // themselves one after the other and never count a late score twice.
    let event = config.id.clone();
    let amendment = state
        .writer
        .apply(move |store| -> ApiResult<AmendmentRecord> {
            let lock = store
                .lock(&config.id, &presenter)?
                .ok_or_else(|| ApiError::Conflict {
                    code: "not_revealed",
                    message: format!("'{presenter}' is not revealed; only a revealed result is amended"),
                })?;
            let late = store.late(&config.id)?;
            let previous = store
                .head_amendments(&config.id)?
                .into_iter()
                .filter(|a| a.presenter == presenter)
                .collect::<Vec<_>>();
            let mut sheets = store.presenter_sheets(&config.id, &presenter)?;
            // Late sheets counted by earlier amendments stay counted.
            for op_id in previous.iter().flat_map(|a| &a.include_late) {
                if let Some(op) = late.iter().find(|l| &l.op_id == op_id) {
                    sheets.insert(
                        op.judge.clone(),
                        Sheet {
                            values: op.values.clone(),
                            submitted: op.submitted,
                        },
                    );
                }
            }
            for op_id in &body.include_late {
                let op = late
                    .iter()
                    .find(|l| &l.op_id == op_id && l.presenter == presenter)
                    .ok_or_else(|| {
                        ApiError::BadRequest(format!("'{op_id}' is not a late score for '{presenter}'"))
                    })?;
                if previous.iter().any(|a| a.include_late.contains(op_id)) {
                    return Err(ApiError::Conflict {
                        code: "already_counted",
                        message: format!("the late score '{op_id}' is counted already"),
                    });
                }
                if !op.submitted {
                    return Err(ApiError::Conflict {
                        code: "late_draft",
                        message: format!("'{op_id}' is a draft that was never submitted; it cannot count"),
                    });
                }
                sheets.insert(
                    op.judge.clone(),
                    Sheet {
                        values: op.values.clone(),
                        submitted: op.submitted,
                    },
                );
            }
            let (previous_final, previous_hash) = match previous.last() {
                Some(a) => (a.final_score, a.result_hash.clone()),
                None => (lock.final_score, lock.result_hash.clone()),
            };
            let result = presenter_result(&config, &presenter, &sheets);
            if result.hash() == previous_hash {
                return Err(ApiError::Conflict {
                    code: "no_change",
                    message: "counting these scores leaves the result as it is; nothing to amend".into(),
                });
            }
            let at = now_rfc3339();
            let amendment = AmendmentRecord {
                presenter: presenter.clone(),
                n: previous.len() as u32 + 1,
                at: at.clone(),
                reason: reason.clone(),
                include_late: body.include_late.clone(),
                previous_final,
                previous_hash,
                final_score: result.final_rounded(config.aggregation.display_decimals),
                result_hash: result.hash(),
                result,
            };
            let audit = AuditRecord {
                at,
                ..AuditRecord::host(
                    AuditAction::Amend.as_str(),
                    Some(presenter.clone()),
                    json!({"n": amendment.n, "reason": reason, "include_late": body.include_late,
                           "previous_final": amendment.previous_final, "final": amendment.final_score,
                           "previous_hash": amendment.previous_hash, "result_hash": amendment.result_hash}),
                )
            };
            store.add_amendment(&config.id, &amendment, audit)?;
            Ok(amendment)
        })
        .await??;
    state.live.publish(event.as_str(), Change::Results);
    Ok(Json(AmendmentMade {
        presenter: amendment.presenter.to_string(),
        n: amendment.n,
        reason: amendment.reason,
        previous_final: amendment.previous_final,
        final_score: amendment.final_score,
        result_hash: amendment.result_hash,
        amended_at: amendment.at,
    }))
}
