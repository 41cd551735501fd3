//! OpenAPI schemas of the domain's own scalar types, as they travel in JSON (the server's
//! `GET /api/v1/openapi.json`; the types of `wire` derive theirs).

use super::receipt::Receipt;
use super::score::Score;
use utoipa::openapi::{ObjectBuilder, RefOr, Schema, Type};

// `ComposeSchema` (utoipa's own path to `PartialSchema`) rather than `PartialSchema`: it
// lets `Option<Score>` and maps of them compose, as they do for numbers.
impl utoipa::__dev::ComposeSchema for Score {
    fn compose(_: Vec<RefOr<Schema>>) -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Number)
            .description(Some(
                "A score or a mark, exact in hundredths of a point (`36.5`, `40`).",
            ))
            .into()
    }
}

impl utoipa::ToSchema for Score {}

impl utoipa::__dev::ComposeSchema for Receipt {
    fn compose(_: Vec<RefOr<Schema>>) -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^[0-9a-f]{8}$"))
            .description(Some(
                "A recorded sheet's receipt: the first 32 bits of its hash as 8 hex digits.",
            ))
            .into()
    }
}

impl utoipa::ToSchema for Receipt {}
