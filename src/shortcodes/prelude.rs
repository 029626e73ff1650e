//! What a shortcode module imports: `use super::prelude::*;`.

pub use crate::api::body::{self, BodyEntry, Group};
pub use crate::api::{
    AttrSpec, AttrType, AttrValue, BodyLine, BodyRule, Call, Child, CollectCx, Facts, LabelSpec,
    OptionSpec, Placement, RenderCx, Shortcode, Spec, Stage,
};
pub use crate::diagnostic::{Diagnostic, Place};
pub(crate) use crate::escape;
pub use crate::markdown::write;
