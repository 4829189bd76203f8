"""The order columns of the public contract (api.md, "Order data (import columns)"): names,
types, which are required, and the stored Parquet type of each. Pure data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, enum, timestamp, bool, int, decimal
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = 0
    # enum values are matched after this normalisation: "upper" or "lower"
    case: str = ""

    @property
    def stored_type(self) -> str:
        return STORED_TYPES[self.kind]


STORED_TYPES = {
    "text": "VARCHAR",
    "enum": "VARCHAR",
    "timestamp": "TIMESTAMPTZ",
    "bool": "BOOLEAN",
    "int": "BIGINT",
    "decimal": "DECIMAL(18,4)",
}

COLUMNS: tuple[Column, ...] = (
    Column("order_id", "text", required=True, max_length=64),
    Column("seller_code", "text", required=True, max_length=32),
    Column("marketplace", "text", required=True, max_length=8, case="upper"),
    Column("fulfilment_channel", "enum", required=True, choices=("AFN", "MFN"), case="upper"),
    Column("purchased_at", "timestamp", required=True),
    Column("ship_by", "timestamp", required=True),
    Column("shipped_at", "timestamp"),
    Column("tracking_id", "text", max_length=64),
    Column("carrier", "text", max_length=64),
    Column("tracking_valid", "bool"),
    Column("promised_delivery_at", "timestamp", required=True),
    Column("delivered_at", "timestamp"),
    Column("cancelled_at", "timestamp"),
    Column("cancelled_by", "enum", choices=("seller", "buyer", "system"), case="lower"),
    Column("negative_feedback_at", "timestamp"),
    Column("claim_at", "timestamp"),
    Column(
        "claim_outcome", "enum", choices=("pending", "granted", "denied", "withdrawn"), case="lower"
    ),
    Column("chargeback_at", "timestamp"),
    Column("chargeback_kind", "enum", choices=("service", "fraud"), case="lower"),
    Column("units", "int", required=True),
    Column("order_total", "decimal", required=True),
    Column("currency", "text", required=True, max_length=3, case="upper"),
)

BY_NAME = {c.name: c for c in COLUMNS}
NAMES = tuple(c.name for c in COLUMNS)
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
KEY = ("marketplace", "order_id")

# Fields that come in pairs: one given without the other is a rejected row.
PAIRS = (
    ("cancelled_at", "cancelled_by"),
    ("claim_at", "claim_outcome"),
    ("chargeback_at", "chargeback_kind"),
)

# The partition column added on write: "YYYY-MM" of purchased_at (UTC).
PARTITION_COLUMN = "purchase_month"

# Stored schema: the contract's columns in order, then the partition column.
STORED_COLUMNS = (*NAMES, PARTITION_COLUMN)
