"""The state model: what counts as a difference, and how it reads."""

from __future__ import annotations

import pytest

from conformance.state import (
    INHERITS,
    OVERRIDDEN,
    EntryState,
    Expectation,
    GalleryState,
    ViewState,
    assert_state,
    differences,
    render_table,
)

ALL_INHERIT = {"label": INHERITS, "position": INHERITS, "disabled": INHERITS}


def gallery(**views: ViewState) -> GalleryState:
    return GalleryState(sku="cmc-test-1", views=views, oracle="hand-made")


def view(entries: dict[int, dict[str, str]], roles: dict[str, str] | None = None) -> ViewState:
    return ViewState(
        entries={i: EntryState(file=f"/a/b/{i}.png", fields=f, values={"label": f"L{i}"})
                 for i, f in entries.items()},
        roles=roles or {"image": INHERITS},
        role_holders={"image": 1},
    )


def test_sort_order_is_overridden_when_one_entry_has_its_own_position():
    plain = view({1: ALL_INHERIT, 2: ALL_INHERIT})
    one_own = view({1: ALL_INHERIT, 2: {**ALL_INHERIT, "position": OVERRIDDEN}})

    assert plain.sort_order == INHERITS
    assert one_own.sort_order == OVERRIDDEN


def test_unchanged_from_a_state_finds_no_difference_with_it():
    state = gallery(default=view({1: ALL_INHERIT}), second=view({1: ALL_INHERIT}))

    assert differences(state, Expectation.unchanged_from(state)) == []


def test_a_changed_field_is_named_by_view_entry_and_field():
    before = gallery(default=view({1: ALL_INHERIT}), second=view({1: ALL_INHERIT}))
    after = gallery(default=view({1: ALL_INHERIT}),
                    second=view({1: {**ALL_INHERIT, "label": OVERRIDDEN}}))

    lines = differences(after, Expectation.unchanged_from(before))

    assert lines == [
        "view 'second', entry 1 (/a/b/1.png), label: expected inherits, found overridden "
        "(value seen 'L1')"
    ]


def test_missing_and_extra_entries_and_roles_are_differences():
    before = gallery(default=view({1: ALL_INHERIT, 2: ALL_INHERIT}))
    after = gallery(default=view({1: ALL_INHERIT, 3: ALL_INHERIT}, {"image": OVERRIDDEN}))

    lines = differences(after, Expectation.unchanged_from(before))

    assert "view 'default', entry 2: expected present, found missing" in lines
    assert "view 'default', entry 3 (/a/b/3.png): expected gone, found present" in lines
    assert any("role image: expected inherits, found overridden" in line for line in lines)


def test_what_an_expectation_does_not_name_is_not_checked():
    state = gallery(default=view({1: {**ALL_INHERIT, "label": OVERRIDDEN}}))
    expected = Expectation()
    expected.set_field("default", 1, "position", INHERITS)

    assert differences(state, expected) == []


def test_assert_state_names_the_statement_and_the_moment():
    state = gallery(default=view({1: {**ALL_INHERIT, "disabled": OVERRIDDEN}}))
    expected = Expectation()
    expected.set_field("default", 1, "disabled", INHERITS)

    with pytest.raises(AssertionError) as failure:
        assert_state(state, expected, statement="FIELD-NULL-disabled", when="after the call")

    message = str(failure.value)
    assert message.startswith("FIELD-NULL-disabled: inheritance state after the call")
    assert "entry 1 (/a/b/1.png), disabled: expected inherits, found overridden" in message


def test_a_view_the_oracle_did_not_read_is_a_difference():
    expected = Expectation()
    expected.set_sort_order("third", INHERITS)

    assert differences(gallery(default=view({})), expected) == [
        "view 'third': expected to be read, but the oracle has no state for it"
    ]


def test_the_table_has_a_row_per_view_and_entry_and_a_line_per_view():
    state = gallery(default=view({1: ALL_INHERIT}),
                    second=view({1: {**ALL_INHERIT, "position": OVERRIDDEN}}))

    table = render_table(state).splitlines()

    assert table[0].split() == ["view", "entry", "file", "label", "position", "disabled",
                                "video_title", "video_description"]
    assert table[2].split()[:6] == ["second", "1", "/a/b/1.png", "inherits", "overridden",
                                    "inherits"]
    assert "second: sort order overridden; roles: image inherits" in table


def test_a_field_or_role_the_oracle_did_not_report_is_a_difference():
    state = gallery(default=ViewState(
        entries={1: EntryState(file="/a/b/1.png", fields={"label": INHERITS})}, roles={},
    ))
    expected = Expectation()
    expected.set_field("default", 1, "disabled", INHERITS)
    expected.set_role("default", "image", INHERITS)

    assert differences(state, expected) == [
        "view 'default', entry 1 (/a/b/1.png), disabled: expected inherits, but the oracle "
        "did not report it",
        "view 'default', role image: expected inherits, but the oracle did not report it",
    ]
