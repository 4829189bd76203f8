"""Frozen notice contexts (ADR 0007): when a notice is queued, the values its template reads
are captured as JSON; when it is delivered or shown, the template is rendered from them.

What a template reads is found by walking it once per kind and language: every variable path
(``case.seller.code``, ``forecasts.0.label``, ``f.label`` inside ``{% for f in forecasts %}``,
filter arguments such as ``timezone:recipient.time_zone``) becomes a branch of a tree, and
freezing resolves exactly those paths on the caller's objects, with the template language's
own lookup rules (key, attribute, index; callables called). The text rendered later is the
text that would have been rendered at queue time, whatever happens to the objects since.

Values keep the types filters care about: datetimes (as UTC), dates, decimals and safe strings
are tagged; lazy translations are resolved in the recipient's language; other objects a
template prints are stored as the text they print.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache

from django.template.base import FilterExpression, TextNode, Variable, VariableNode
from django.template.defaulttags import (
    AutoEscapeControlNode,
    CommentNode,
    ForNode,
    IfNode,
    LoadNode,
    TemplateLiteral,
)
from django.utils import translation
from django.utils.functional import Promise
from django.utils.safestring import SafeData, mark_safe

from .rendering import notice_template

# A path's value itself is used (printed, compared, filtered), not only its attributes.
VALUE = "$value"
ITEM = "[]"  # the items of a sequence
BUILTINS = {"True", "False", "None"}

Tree = dict[str, "Tree"]


class NotFrozen(ValueError):
    """A template reads its context in a way a snapshot cannot reproduce."""


# --- what a template reads --------------------------------------------------------------


def _add(tree: Tree, path: tuple[str, ...], *, value: bool) -> None:
    node = tree
    for bit in path:
        node = node.setdefault(ITEM if bit.isdigit() else bit, {})
    if value:
        node[VALUE] = {}


def _variable(var, aliases: dict, tree: Tree, *, value: bool) -> tuple[str, ...] | None:
    if not isinstance(var, Variable) or var.lookups is None:
        return None  # a literal
    root, *rest = var.lookups
    if root in BUILTINS:
        return None
    if root in aliases:
        if aliases[root] is None:  # forloop
            return None
        path = (*aliases[root], *rest)
    else:
        path = (root, *rest)
    _add(tree, path, value=value)
    return path


def _expression(expr: FilterExpression, aliases: dict, tree: Tree, *, value: bool):
    path = _variable(expr.var, aliases, tree, value=value or bool(expr.filters))
    for _func, args in expr.filters:
        for is_lookup, arg in args:
            if is_lookup:
                _variable(arg, aliases, tree, value=True)
    return path


def _condition(condition, aliases: dict, tree: Tree) -> None:
    if isinstance(condition, TemplateLiteral):
        # Alone in an {% if %} only its truth counts; as an operand its value does.
        _expression(condition.value, aliases, tree, value=False)
        return
    for operand in (getattr(condition, "first", None), getattr(condition, "second", None)):
        if isinstance(operand, TemplateLiteral):
            _expression(operand.value, aliases, tree, value=condition.id != "not")
        elif operand is not None:
            _condition(operand, aliases, tree)


def _walk(nodelist, aliases: dict, tree: Tree) -> None:
    for node in nodelist:
        if isinstance(node, (TextNode, LoadNode, CommentNode)):
            continue
        if isinstance(node, VariableNode):
            _expression(node.filter_expression, aliases, tree, value=True)
        elif isinstance(node, IfNode):
            for condition, body in node.conditions_nodelists:
                if condition is not None:
                    _condition(condition, aliases, tree)
                _walk(body, aliases, tree)
        elif isinstance(node, ForNode):
            if len(node.loopvars) != 1:
                raise NotFrozen("a notice template loops with one variable")
            sequence = _expression(node.sequence, aliases, tree, value=False)
            if sequence is None:
                raise NotFrozen("a notice template loops over a variable of its context")
            _add(tree, (*sequence, ITEM), value=False)
            inner = {**aliases, node.loopvars[0]: (*sequence, ITEM), "forloop": None}
            _walk(node.nodelist_loop, inner, tree)
            _walk(node.nodelist_empty, aliases, tree)
        elif isinstance(node, AutoEscapeControlNode):
            _walk(node.nodelist, aliases, tree)
        else:
            raise NotFrozen(f"notice templates cannot use {type(node).__name__} (not frozen)")


@cache
def template_reads(kind: str, language: str) -> Tree:
    """The paths the template for ``kind`` in ``language`` reads (English when there is no
    translation). Templates are files: read once per process."""
    tree: Tree = {}
    _walk(notice_template(kind, language).template.nodelist, {}, tree)
    return tree


# --- freezing and thawing ---------------------------------------------------------------


class _Missing(Exception):
    pass


def _lookup(current, bit: str):
    """One step of a template variable lookup, as ``Variable._resolve_lookup`` does it."""
    try:
        current = current[bit]
    except (TypeError, AttributeError, KeyError, ValueError, IndexError):
        try:
            current = getattr(current, bit)
        except (TypeError, AttributeError):
            if isinstance(current, Mapping):
                raise _Missing from None
            try:
                current = current[int(bit)]
            except (IndexError, ValueError, KeyError, TypeError):
                raise _Missing from None
    if callable(current):
        if getattr(current, "do_not_call_in_templates", False):
            pass
        elif getattr(current, "alters_data", False):
            raise _Missing
        else:
            try:
                current = current()
            except TypeError:
                raise _Missing from None
    return current


def _leaf(value):
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, SafeData):
        return {"$safe": str(value)}
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_leaf(item) for item in value]
    if isinstance(value, (str, Promise)):
        return str(value)
    return str(value)  # an object printed as itself: its text


def _is_sequence(value) -> bool:
    return not isinstance(value, (str, bytes, Mapping, Promise)) and hasattr(value, "__iter__")


class _Objects(Exception):
    """Raised by a plain-only freeze on meeting an object or a lazy text: such values may
    read the active language, so the freeze is done again in the recipient's."""


@dataclass(frozen=True, slots=True)
class _Node:
    """A compiled branch of a template's tree: its value used, its items, its attributes."""

    value: bool
    items: _Node | None
    attrs: tuple[tuple[str, _Node], ...]


def _compile(tree: Tree) -> _Node:
    return _Node(
        value=VALUE in tree,
        items=_compile(tree[ITEM]) if ITEM in tree else None,
        attrs=tuple((bit, _compile(sub)) for bit, sub in tree.items() if bit not in (VALUE, ITEM)),
    )


PLAIN_TYPES = (type(None), bool, int, float, str, datetime, date, Decimal)


def _is_plain(value) -> bool:
    if type(value) in PLAIN_TYPES:
        return True
    return type(value) in (list, tuple) and all(_is_plain(item) for item in value)


def _freeze(value, node: _Node, plain: bool):
    if value is None or (node.items is None and not node.attrs):
        if plain and not _is_plain(value):
            raise _Objects
        return _leaf(value)
    if node.items is not None and _is_sequence(value):
        return [_freeze(item, node.items, plain) for item in value]
    if plain and type(value) is not dict:
        raise _Objects
    if node.value:
        raise NotFrozen(f"a template prints {type(value).__name__} and reads its attributes")
    out = {}
    for bit, sub in node.attrs:
        try:
            found = value[bit] if plain and bit in value else _lookup(value, bit)
        except _Missing:
            continue  # missing then, missing when rendered: the same empty text
        out[bit] = _freeze(found, sub, plain)
    return out


@cache
def _compiled(kind: str, language: str) -> tuple[tuple[str, _Node], ...]:
    return tuple((root, _compile(sub)) for root, sub in template_reads(kind, language).items())


def freeze(kind: str, language: str, context: Mapping, *, only: str | None = None) -> dict:
    """The JSON-able values the template of ``kind`` in ``language`` reads from ``context``
    (just the ``only`` root's, when given). Plain values (dicts, lists, text, numbers, dates)
    are read as they are; objects and lazy texts in the recipient's language, as the template
    would have read them."""
    roots = [
        (root, node)
        for root, node in _compiled(kind, language)
        if (only is None or root == only) and root in context
    ]
    try:
        return {root: _freeze(context[root], node, True) for root, node in roots}
    except _Objects:
        pass
    with translation.override(language):
        return {root: _freeze(context[root], node, False) for root, node in roots}


def reads(kind: str, language: str, root: str) -> bool:
    """Whether the template of ``kind`` in ``language`` reads anything from ``root``."""
    return root in template_reads(kind, language)


_TAGS = {
    "$datetime": datetime.fromisoformat,
    "$date": date.fromisoformat,
    "$decimal": Decimal,
    "$safe": mark_safe,
}


def thaw(frozen):
    """The values ``freeze`` captured, with their types back."""
    if isinstance(frozen, dict):
        if len(frozen) == 1:
            (key, raw), *_ = frozen.items()
            if key in _TAGS:
                return _TAGS[key](raw)
        return {key: thaw(value) for key, value in frozen.items()}
    if isinstance(frozen, list):
        return [thaw(item) for item in frozen]
    return frozen
