//! The labels `webhook-event` writes.

use crate::api::LabelSpec;

pub(super) static LABELS: &[LabelSpec] = &[
    LabelSpec {
        key: "webhook-delivery",
        default: "Delivery",
        placeholders: &[],
        may_be_empty: false,
        doc: "`webhook-event`: the title of the delivery: method, URL, headers",
    },
    LabelSpec {
        key: "webhook-header",
        default: "Header",
        placeholders: &[],
        may_be_empty: false,
        doc: "`webhook-event`: the header column of the delivery's headers",
    },
    LabelSpec {
        key: "webhook-value",
        default: "Value",
        placeholders: &[],
        may_be_empty: false,
        doc: "`webhook-event`: the value column of the delivery's headers and of the test vector",
    },
    LabelSpec {
        key: "webhook-payload",
        default: "Payload",
        placeholders: &[],
        may_be_empty: false,
        doc: "`webhook-event`: the title of the payload example",
    },
    LabelSpec {
        key: "webhook-fields",
        default: "Fields",
        placeholders: &[],
        may_be_empty: false,
        doc: "`webhook-event`: the title of the payload's field reference",
    },
    LabelSpec {
        key: "webhook-signature",
        default: "Verifying the signature",
        placeholders: &[],
        may_be_empty: false,
        doc: "`webhook-event`: the title of the signature check",
    },
    LabelSpec {
        key: "webhook-test-vector",
        default: "Test vector",
        placeholders: &[],
        may_be_empty: false,
        doc: "`webhook-event`: the title of the test vector",
    },
    LabelSpec {
        key: "webhook-input",
        default: "Input",
        placeholders: &[],
        may_be_empty: false,
        doc: "`webhook-event`: the input column of the test vector",
    },
    LabelSpec {
        key: "webhook-answer",
        default: "Expected answer",
        placeholders: &[],
        may_be_empty: false,
        doc: "`webhook-event`: the title of the receiver's answer",
    },
    LabelSpec {
        key: "webhook-retries",
        default: "Retries",
        placeholders: &[],
        may_be_empty: false,
        doc: "`webhook-event`: the title of the retry schedule",
    },
    LabelSpec {
        key: "webhook-retry",
        default: "Retry",
        placeholders: &[],
        may_be_empty: false,
        doc: "`webhook-event`: the retry column of the schedule",
    },
    LabelSpec {
        key: "webhook-after",
        default: "After the previous attempt",
        placeholders: &[],
        may_be_empty: false,
        doc: "`webhook-event`: the delay column of the schedule",
    },
    LabelSpec {
        key: "webhook-since",
        default: "Since the first attempt",
        placeholders: &[],
        may_be_empty: false,
        doc: "`webhook-event`: the cumulative column of the schedule",
    },
];
