//! Request bodies: a JSON object with known fields, or a 400 `bad_request` that says what
//! is wanted. (serde alone would also take a struct as an array of its fields, `[true]`
//! for `{"force": true}`, and `[]` for `{}`.)

use crate::error::{ApiError, ApiResult};
use app::domain::wire::RequestBody;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// `body` as a JSON object whose fields are all among `known`; `shape` shows a good body.
pub fn object(body: &[u8], known: &[&str], shape: &str) -> ApiResult<Value> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    if !value.is_object() {
        return Err(ApiError::BadRequest(format!(
            "the body must be a JSON object such as {shape}"
        )));
    }
    if let Some(unknown) = unknown_field(&value, known) {
        return Err(ApiError::BadRequest(format!(
            "the body has a field \"{unknown}\" this request does not take; it takes {}",
            known.join(", ")
        )));
    }
    Ok(value)
}

/// A device's batch (`sync`, `votes`): its device UUID, in lower case, and its ops, at most
/// [`MAX_SYNC_OPS`](crate::limits::MAX_SYNC_OPS) of them (else 413); anything else is 400.
pub fn device_batch(value: &Value) -> ApiResult<(String, &Vec<Value>)> {
    let max = crate::limits::MAX_SYNC_OPS;
    let device = value
        .get("device")
        .and_then(Value::as_str)
        .filter(|d| app::domain::sync::is_uuid(d))
        .ok_or_else(|| ApiError::BadRequest("\"device\" must be a UUID".into()))?
        .to_ascii_lowercase();
    let ops = value
        .get("ops")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::BadRequest("\"ops\" must be an array".into()))?;
    if ops.len() > max {
        return Err(ApiError::TooLarge(format!(
            "at most {max} ops per request; this one has {}",
            ops.len()
        )));
    }
    Ok((device, ops))
}

/// `body` read into `T` as [`object`] checks it.
pub fn object_as<T: DeserializeOwned>(body: &[u8], known: &[&str], shape: &str) -> ApiResult<T> {
    let value = object(body, known, shape)?;
    serde_json::from_value(value).map_err(|e| {
        ApiError::BadRequest(format!(
            "the body must be a JSON object such as {shape}: {e}"
        ))
    })
}

/// The first field of an object that is not among `known`, cut short for a message.
pub fn unknown_field<'a>(value: &'a Value, known: &[&str]) -> Option<&'a str> {
    let field = value
        .as_object()?
        .keys()
        .find(|k| !known.contains(&k.as_str()))?;
    let end = field
        .char_indices()
        .nth(app::domain::limits::MAX_KEPT_CHARS)
        .map_or(field.len(), |(i, _)| i);
    Some(&field[..end])
}

/// A request body of the contract, read as [`object_as`] reads it: `Body(body): Body<T>`
/// in a handler's arguments. A body over the route's limit is the contract's 413, anything
/// else amiss its 400, both in the contract's error shape.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: RequestBody> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge("the body is larger than this request takes".into())
            } else {
                ApiError::BadRequest(format!("the body could not be read: {}", e.body_text()))
            }
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            if let Some(empty) = T::when_empty() {
                return Ok(Body(empty));
            }
        }
        object_as(&bytes, T::FIELDS, T::SHAPE).map(Body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Force {
        #[serde(default)]
        force: bool,
    }

    #[test]
    fn only_an_object_with_known_fields_is_a_body() {
        let read = |text: &str| object_as::<Force>(text.as_bytes(), &["force"], "{}");
        assert_eq!(read("{\"force\": true}").unwrap(), Force { force: true });
        assert_eq!(read("{}").unwrap(), Force { force: false });
        for bad in [
            "[true]",
            "[]",
            "true",
            "\"force\"",
            "{\"forse\": true}",
            "{\"force\": 1}",
        ] {
            let err = read(bad).unwrap_err();
            assert_eq!(err.code(), "bad_request", "{bad}");
        }
    }
}
