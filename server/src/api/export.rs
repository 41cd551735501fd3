//! Downloads for the host: the results and every submitted sheet as CSV (UTF-8 with a BOM,
//! so Excel reads Chinese right) and as one XLSX workbook, and the whole event as a backup.

use super::auth::{Caller, EventOf, Host};
use super::doc;
use super::event_or_404;
use super::results::review_of;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::tables::{self, Arrival, Cell, SheetRow, Table};
use app::domain::event::EventConfig;
use app::domain::Lang;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;

pub const CSV_TYPE: &str = "text/csv; charset=utf-8";
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[derive(Deserialize, Default)]
pub struct ExportQuery {
    /// `zh-CN` or `en`, to override the event's language.
    lang: Option<String>,
    /// The reader's zone, minutes east of UTC (the host's page sends its own).
    tz: Option<i32>,
}

/// The zone a download writes its times in: `?tz=`, or UTC.
pub fn clock_of(tz: Option<i32>) -> ApiResult<tables::Clock> {
    match tz {
        None => Ok(tables::Clock::default()),
        Some(m) => tables::Clock::east_of_utc(m).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "tz is minutes east of UTC, from -840 to 840, not {m}"
            ))
        }),
    }
}

/// The language of a download: asked for, or the event's.
pub fn language(config: &EventConfig, asked: Option<&str>) -> Lang {
    asked.and_then(Lang::from_tag).unwrap_or(config.language)
}

/// A table as CSV: the UTF-8 byte order mark, then RFC 4180 rows.
pub fn csv_bytes(table: &Table) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let headers = table
            .headers
            .iter()
            .map(|h| tables::csv_text(h).into_owned());
        let rows = std::iter::once(headers.collect()).chain(
            table
                .rows
                .iter()
                .map(|r| r.iter().map(Cell::as_csv).collect::<Vec<_>>()),
        );
        for row in rows {
            writer
                .write_record(&row)
                .expect("writing to memory cannot fail");
        }
        writer.flush().expect("writing to memory cannot fail");
    }
    out
}

/// Tables as one workbook, a worksheet each, headers bold and frozen; decimals keep the
/// number of places they were written with.
pub fn xlsx_bytes(tables: &[Table]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let places = [
        Format::new(),
        Format::new().set_num_format("0.0"),
        Format::new().set_num_format("0.00"),
    ];
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&table.name)?;
        for (col, header) in table.headers.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, Cell::as_xlsx_text(header), &bold)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (col, cell) in row.iter().enumerate() {
                let col = col as u16;
                match cell {
                    Cell::Text(s) => {
                        sheet.write_string(r, col, Cell::as_xlsx_text(s))?;
                    }
                    Cell::Number(s) => match s.parse::<f64>() {
                        Ok(x) => {
                            let decimals = s.split_once('.').map_or(0, |(_, f)| f.len().min(2));
                            sheet.write_number_with_format(r, col, x, &places[decimals])?;
                        }
                        Err(_) => {
                            sheet.write_string(r, col, Cell::as_xlsx_text(s))?;
                        }
                    },
                    Cell::Int(n) => {
                        sheet.write_number(r, col, *n as f64)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofit();
    }
    workbook.save_to_buffer()
}

/// A download: its type and a file name carrying the event id.
pub fn attachment(content_type: &'static str, file: String, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The sheets table of an event, read from the store now.
fn sheets_table(
    state: &AppState,
    config: &EventConfig,
    lang: Lang,
    clock: tables::Clock,
) -> ApiResult<Table> {
    let review = review_of(state, config)?;
    let log = state.store.sync_log(&config.id)?;
    let client_times: HashMap<&str, &str> = log
        .iter()
        .flat_map(|r| &r.ops)
        .filter_map(|op| {
            let time = op.body.get("client_time")?.as_str()?;
            Some((op.op_id.as_str(), time))
        })
        .collect();
    let devices: HashMap<&str, &str> = log
        .iter()
        .flat_map(|r| {
            r.ops
                .iter()
                .map(move |op| (op.op_id.as_str(), r.device.as_str()))
        })
        .collect();
    let applied = state.store.event_sheets(&config.id)?;
    let late = state.store.late(&config.id)?;
    let mut rows: Vec<SheetRow<'_>> = applied
        .iter()
        .filter(|s| s.submitted)
        .map(|s| SheetRow {
            presenter: &s.presenter,
            judge: &s.judge,
            values: &s.values,
            arrival: Arrival::Applied,
            server_seq: s.server_seq,
            receipt: s.receipt,
            device: &s.device,
            received_at: &s.updated_at,
            client_time: client_times.get(s.op_id.as_str()).copied(),
            paper: s.paper.as_ref().map(|p| p.entered_by.as_str()),
        })
        .collect();
    rows.extend(late.iter().filter(|l| l.submitted).map(|l| SheetRow {
        presenter: &l.presenter,
        judge: &l.judge,
        values: &l.values,
        arrival: Arrival::Late,
        server_seq: l.server_seq,
        receipt: l.receipt,
        device: devices.get(l.op_id.as_str()).copied().unwrap_or_default(),
        received_at: &l.received_at,
        client_time: client_times.get(l.op_id.as_str()).copied(),
        paper: l.paper.as_ref().map(|p| p.entered_by.as_str()),
    }));
    Ok(tables::sheets_table(config, &review, &rows, lang, clock))
}

fn results_table(
    state: &AppState,
    config: &EventConfig,
    lang: Lang,
    clock: tables::Clock,
) -> ApiResult<Table> {
    let review = review_of(state, config)?;
    Ok(tables::results_table(config, &review, lang, clock))
}

/// What every export starts with: the host's check, the event, and the language its
/// headers are in (the event's, or `?lang=`).
fn export_of(
    state: &AppState,
    caller: &Caller,
    event: &str,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> ApiResult<(std::sync::Arc<EventConfig>, Lang, tables::Clock)> {
    caller.require_host()?;
    let query = super::query_or_400(query)?;
    let config = event_or_404(state, event)?;
    let lang = language(&config, query.lang.as_deref());
    Ok((config, lang, clock_of(query.tz)?))
}

/// `GET /api/v1/events/{event}/export/results.csv` (host)
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/export/results.csv",
    tag = "exports",
    security(("host" = []), ("judge" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The results as CSV, safe to open in Excel or WPS.", body = String, content_type = "text/csv"), doc::Refusals)
)]
pub async fn results_csv(
    State(state): State<AppState>,
    caller: Caller,
    Path(event): Path<String>,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let (config, lang, clock) = export_of(&state, &caller, &event, query)?;
    let table = results_table(&state, &config, lang, clock)?;
    let name = format!("leitai-{}-results.csv", config.id);
    Ok(attachment(CSV_TYPE, name, csv_bytes(&table)))
}

/// `GET /api/v1/events/{event}/export/sheets.csv` (host)
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/export/sheets.csv",
    tag = "exports",
    security(("host" = []), ("judge" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "Every counted sheet as CSV.", body = String, content_type = "text/csv"), doc::Refusals)
)]
pub async fn sheets_csv(
    State(state): State<AppState>,
    caller: Caller,
    Path(event): Path<String>,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let (config, lang, clock) = export_of(&state, &caller, &event, query)?;
    let table = sheets_table(&state, &config, lang, clock)?;
    let name = format!("leitai-{}-sheets.csv", config.id);
    Ok(attachment(CSV_TYPE, name, csv_bytes(&table)))
}

/// `GET /api/v1/events/{event}/export/results.xlsx` (host): a results sheet and a sheets
/// sheet in one workbook.
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/export/results.xlsx",
    tag = "exports",
    security(("host" = []), ("judge" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The results as an Excel workbook.", body = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), doc::Refusals)
)]
pub async fn results_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    Path(event): Path<String>,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let (config, lang, clock) = export_of(&state, &caller, &event, query)?;
    let tables = [
        results_table(&state, &config, lang, clock)?,
        sheets_table(&state, &config, lang, clock)?,
    ];
    let bytes = xlsx_bytes(&tables)
        .map_err(|e| ApiError::Export(format!("the workbook could not be written: {e}")))?;
    let name = format!("leitai-{}-results.xlsx", config.id);
    Ok(attachment(XLSX_TYPE, name, bytes))
}

/// `GET /api/v1/events/{event}/backup` (host): the whole event as `leitai export` writes
/// it, while the server runs.
#[utoipa::path(
    get,
    path = "/api/v1/events/{event}/backup",
    tag = "exports",
    security(("host" = [])),
    params(doc::EventPath),
    responses((status = 200, description = "The whole event as a backup file (`leitai import` reads it).", body = serde_json::Value), doc::Refusals)
)]
pub async fn backup(
    State(state): State<AppState>,
    _host: Host,
    EventOf(config): EventOf,
) -> ApiResult<Response> {
    let text = crate::backup::export_text(&state.store, &config.id)?
        .ok_or_else(|| ApiError::NotFound(format!("no event '{}'", config.id)))?;
    Ok(attachment(
        "application/json",
        format!("leitai-{}-backup.json", config.id),
        text.into_bytes(),
    ))
}
