"""Typed values as plain JSON data and back, checked against their types on the way in.

The build cache (buildcache.py) keeps extracted reports from one build to the next in the
release folder, which users may receive from others: it is read as JSON and rebuilt value by
value from the type hints of the model's dataclasses, never unpickled, so a foreign or
damaged cache can only fail to load (PlainDataError), never run code or give a value of
another type.

Encoded: dataclasses as lists of their fields' values in field order, tuples and lists as
lists, dicts and Counters as lists of [key, value] pairs (keys may be tuples), dates as ISO
text; str, int, bool and None as they are.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")
Decoder = Callable[[Any], Any]


class PlainDataError(ValueError):
    """Plain data that is not a value of the type asked for."""


_SCALARS = frozenset({str, bool, int, type(None)})


def encode(value: Any) -> Any:
    """A value of the model as JSON-able plain data."""
    kind = type(value)
    if kind in _SCALARS or isinstance(value, (str, bool, int)):
        return value
    # a scalar item is taken as it is, without a call: most items are
    if isinstance(value, (tuple, list)):
        return [item if type(item) in _SCALARS else encode(item) for item in value]
    if isinstance(value, dict):  # Counter too
        return [[encode(key), encode(item)] for key, item in value.items()]
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = [getattr(value, name) for name in _field_names(kind)]
        return [item if type(item) in _SCALARS else encode(item) for item in items]
    raise TypeError(f"cannot encode a {kind.__name__}")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: Any) -> tuple[str, ...]:
    # dataclasses.fields() makes a tuple of them on every call: once per type instead
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


def decode(kind: type[T], data: Any) -> T:
    """The value of type kind that encode gave as data; PlainDataError if data is not one."""
    try:
        return typing.cast(T, decoder(typing.cast(Any, kind))(data))
    except PlainDataError:
        raise
    except (TypeError, ValueError, KeyError, IndexError) as exc:
        raise PlainDataError(f"not a {getattr(kind, '__name__', kind)}: {exc}") from None


@cache
def decoder(kind: Any) -> Decoder:
    """A function decoding plain data of one type (made once per type)."""
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        return _union(get_args(kind))
    if origin is Literal:
        return _literal(get_args(kind))
    if origin in (tuple, list, dict, Counter):
        return _container(origin, get_args(kind))
    if kind is date:
        return lambda data: date.fromisoformat(_of(data, str))
    if kind in (str, int, bool, type(None)):
        return _scalar(kind)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass(kind)
    raise TypeError(f"no decoder for {kind!r}")


def _of(data: Any, kind: type) -> Any:
    # exactly the type: bool is an int to isinstance, and a count must not come back as True
    if type(data) is not kind:
        raise PlainDataError(f"expected {kind.__name__}, found {type(data).__name__}")
    return data


def _scalar(kind: type) -> Decoder:
    def decode_scalar(data: Any) -> Any:
        if type(data) is not kind:  # as _of, in one call: most values are scalars
            raise PlainDataError(f"expected {kind.__name__}, found {type(data).__name__}")
        return data

    return decode_scalar


def _union(options: tuple[Any, ...]) -> Decoder:
    decoders = [decoder(option) for option in options if option is not type(None)]
    optional = type(None) in options

    def decode_union(data: Any) -> Any:
        if data is None and optional:
            return None
        for one in decoders:
            try:
                return one(data)
            except (PlainDataError, TypeError, ValueError):
                continue
        raise PlainDataError(f"{data!r} is none of {options}")

    return decode_union


def _literal(values: tuple[Any, ...]) -> Decoder:
    allowed = set(values)

    def decode_literal(data: Any) -> Any:
        if type(data) not in (str, int, bool) or data not in allowed:
            raise PlainDataError(f"{data!r} is not one of {sorted(map(str, allowed))}")
        return data

    return decode_literal


def _container(origin: Any, args: tuple[Any, ...]) -> Decoder:
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if args[0] in (str, int, bool):
            return _scalars(args[0])
        item = decoder(args[0])
        return lambda data: tuple([item(x) for x in _of(data, list)])
    if origin is tuple:
        items = [decoder(arg) for arg in args]

        def decode_tuple(data: Any) -> tuple[Any, ...]:
            if len(_of(data, list)) != len(items):
                raise PlainDataError(f"expected {len(items)} items, found {len(data)}")
            return tuple(one(x) for one, x in zip(items, data, strict=True))

        return decode_tuple
    if origin is list:
        item = decoder(args[0])
        return lambda data: [item(x) for x in _of(data, list)]
    key = decoder(args[0])
    value = decoder(args[1] if origin is dict else int)  # a Counter counts
    made: Callable[[dict[Any, Any]], Any] = dict if origin is dict else _counter

    def decode_pairs(data: Any) -> Any:
        return made({key(_pair(x)[0]): value(x[1]) for x in _of(data, list)})

    return decode_pairs


def _counter(counts: dict[Any, int]) -> Counter[Any]:
    # as Counter(counts), without its check that counts is a Mapping (an abc's isinstance,
    # a fifth of the time of decoding a Counter)
    counter: Counter[Any] = Counter()
    dict.update(counter, counts)
    return counter


def _scalars(kind: type) -> Decoder:
    """A tuple of str, int or bool: checked item by item without a call for each."""

    def decode_scalars(data: Any) -> tuple[Any, ...]:
        for item in _of(data, list):
            if type(item) is not kind:
                raise PlainDataError(f"expected {kind.__name__}, found {type(item).__name__}")
        return tuple(data)

    return decode_scalars


def _pair(data: Any) -> list[Any]:
    if type(data) is not list or len(data) != 2:
        raise PlainDataError(f"expected a [key, value] pair, found {data!r}")
    return data


def _dataclass(kind: type) -> Decoder:
    hints = get_type_hints(kind)
    fields = [(f.name, hints[f.name]) for f in dataclasses.fields(kind)]
    count = len(fields)
    decoders: list[Decoder] = []

    def decode_dataclass(data: Any) -> Any:
        if not decoders:  # made on first use: a dataclass may refer to itself
            decoders.extend(decoder(hint) for _, hint in fields)
        if type(data) is not list or len(data) != count:
            raise PlainDataError(f"expected the {count} fields of a {kind.__name__}")
        # positionally, in field order (the order encode gives): no dict of them made
        return kind(*[one(x) for one, x in zip(decoders, data, strict=True)])

    return decode_dataclass
