"""The Magento rules around the statements: response shapes, error answers, content checks,
and a write at 'all' leaving every view's own values alone. Behaviour beyond shapes (roles,
unlisted entries, file naming) runs only under `--conformance-strict magento-rules`."""

from __future__ import annotations

import base64
import re

import pytest

from conformance import schemas
from conformance.catalogue import MAGENTO_RULES
from conformance.client import CommerceClient
from conformance.secret import Secret
from conformance.steps import (
    VIEW_OVERRIDES,
    Scene,
    changed_entry,
    expect_exact,
    expect_response,
)

UNKNOWN_ENTRY = 999_999_999
# The characters Magento refuses in an image name.
FORBIDDEN = '\\/?*:";<>()|{}'


@pytest.fixture
def magento_rules(settings):
    if not settings.is_strict(MAGENTO_RULES):
        pytest.skip(f"behaviour beyond shapes: opt in with --conformance-strict {MAGENTO_RULES}")


@pytest.mark.ENTRY_SHAPE
def test_entry_shape(scene, view):
    sku, entry_id = scene.product.sku, scene.product.ids[0]

    listed = scene.client.list_media(sku, view)
    single = scene.client.get_media(sku, entry_id, view)

    for entry in expect_response(listed, 200, None, call=f"media list in '{view}'"):
        expect_response_entry(entry, f"media list in '{view}'")
    expect_response(single, 200, "media-entry", call=f"media GET in '{view}'")


def expect_response_entry(entry, call: str) -> None:
    try:
        schemas.validate("media-entry", entry)
    except AssertionError as exc:
        raise AssertionError(f"{call}: {exc}") from None


@pytest.fixture
def emptied(scene):
    """Set-up for PRODUCT-SHAPE: the product's gallery emptied at global scope. A target
    that cannot empty it fails here, as an error of set-up, not as a wrong shape."""
    response = scene.client.save_product(
        {"sku": scene.product.sku, "media_gallery_entries": []}, "all"
    )
    expect_response(response, 200, "product", call="set-up: save with [] at 'all'")
    scene.product.forget_all()
    for view in scene.views:
        body = scene.client.get_product(scene.product.sku, view).json()
        entries = body.get("media_gallery_entries") if isinstance(body, dict) else None
        if entries:
            pytest.fail(f"set-up: the gallery is not empty after saving [] ({view}: "
                        f"{len(entries)} entries), so the shape of an empty one cannot be "
                        "checked; see SAVE-EMPTY")
    return scene


@pytest.mark.PRODUCT_SHAPE
def test_product_shape_when_empty(emptied, view):
    response = emptied.client.get_product(emptied.product.sku, view)

    body = expect_response(response, 200, "product", call=f"GET product in '{view}'")
    assert body.get("media_gallery_entries") == [], (
        f"PRODUCT-SHAPE: a product without entries must have media_gallery_entries [], "
        f"got {body.get('media_gallery_entries', '<absent>')!r}"
    )


@pytest.mark.ERROR_BODY
def test_error_body(client, settings, view):
    response = client.get_product(f"cmc-{settings.run_id}-never-created", view)

    expect_response(response, 404, "error", call=f"GET of an unknown product in '{view}'")


@pytest.mark.ENTRY_404
@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_unknown_entry(scene, view, method):
    entry = dict(next(iter(scene.gallery(view).values())), id=UNKNOWN_ENTRY)
    sku = scene.product.sku

    if method == "PUT":
        response = scene.client.update_media(sku, UNKNOWN_ENTRY, entry, view)
    else:
        response = scene.client.delete_media(sku, UNKNOWN_ENTRY, view)

    expect_response(response, 404, "error", call=f"media {method} of an unknown id in '{view}'")
    assert sorted(scene.gallery(view)) == scene.product.ids, "ENTRY-404: the gallery changed"


# Every product endpoint the suite calls, as (title, how to call it on a client).
PRODUCT_CALLS = {
    "GET product": lambda c, sku, entry, view: c.get_product(sku, view),
    "POST product": lambda c, sku, entry, view: c.save_product({"sku": sku, "name": "x"}, view),
    "GET media list": lambda c, sku, entry, view: c.list_media(sku, view),
    "GET media": lambda c, sku, entry, view: c.get_media(sku, entry["id"], view),
    "POST media": lambda c, sku, entry, view: c.add_media(sku, _no_id(entry), view),
    "PUT media": lambda c, sku, entry, view: c.update_media(sku, entry["id"], entry, view),
    "DELETE media": lambda c, sku, entry, view: c.delete_media(sku, entry["id"], view),
}
READS = ["GET product", "GET media list", "GET media"]


def _no_id(entry: dict) -> dict:
    return {k: v for k, v in entry.items() if k != "id"}


def _call(client, name: str, scene: Scene, view: str):
    entry = next(iter(scene.gallery(scene.views[0]).values()))
    return PRODUCT_CALLS[name](client, scene.product.sku, entry, view)


@pytest.mark.AUTH_401
@pytest.mark.parametrize("call", list(PRODUCT_CALLS))
@pytest.mark.parametrize("token", ["none", "wrong"])
def test_auth_required(scene, target, token, call):
    bearer = None if token == "none" else Secret("not-a-token-of-this-install")
    with CommerceClient(target.base_url, bearer) as anonymous:
        response = _call(anonymous, call, scene, target.default_view)

    body = expect_response(response, 401, "error", call=f"{call} with {token} token")
    assert "%resources" in body["message"] or "authorized" in body["message"], (
        f"AUTH-401: expected Magento's authorization message, got {body['message']!r}"
    )
    assert sorted(scene.gallery(target.default_view)) == scene.product.ids, (
        f"AUTH-401: a refused {call} changed the gallery"
    )


@pytest.mark.GET_AT_ALL
@pytest.mark.parametrize("call", READS)
def test_get_at_all_refused(scene, call):
    response = _call(scene.client, call, scene, "all")

    expect_response(response, 400, "error", call=f"{call} at 'all'")


@pytest.mark.STORE_CODE_404
@pytest.mark.parametrize("call", ["GET product", "POST product", "PUT media"])
def test_unknown_store_code(scene, call):
    response = _call(scene.client, call, scene, "no_such_view_cmc")

    expect_response(response, 404, "error", call=f"{call} at an unknown store code")


def _bad_contents(image) -> dict[str, dict]:
    good = image.content()
    png_named_jpeg = dict(good, type="image/png") if good["type"] != "image/png" else dict(
        good, type="image/jpeg")
    return {
        "not-base64": dict(good, base64_encoded_data="%%% not base64 %%%"),
        "not-an-image": dict(good, base64_encoded_data=base64.b64encode(b"plain text").decode()),
        "mime-not-allowed": dict(good, type="text/plain"),
        "mime-not-the-real-type": png_named_jpeg,
        **{f"forbidden-name {c}": dict(good, name=f"bad{c}name.png") for c in FORBIDDEN},
    }


@pytest.mark.CONTENT_CHECKS
@pytest.mark.parametrize(
    "case",
    ["not-base64", "not-an-image", "mime-not-allowed", "mime-not-the-real-type",
     *[f"forbidden-name {c}" for c in FORBIDDEN]],
)
def test_content_checks(scene, view, new_image, case):
    entry = {
        "media_type": "image", "label": "rejected", "position": 9, "disabled": False,
        "types": [], "content": _bad_contents(new_image)[case],
    }

    response = scene.client.add_media(scene.product.sku, entry, view)

    expect_response(response, 400, "error", call=f"media POST with {case} content in '{view}'")
    assert sorted(scene.gallery(view)) == scene.product.ids, (
        f"CONTENT-CHECKS: a rejected media POST ({case}) changed the gallery"
    )


@pytest.mark.ALL_SCOPE_WRITES
def test_all_scope_writes_keep_view_values(scene, view):
    # The probe oracle rests on this rule, so the check reads effective values only.
    scene.override_in_view(view, VIEW_OVERRIDES)
    own_values = [v for v in (view, scene.bystander) if v]
    inheriting = [v for v in scene.others(view) if v != scene.bystander]
    own_before = {v: _labels(scene, v) for v in own_values}

    new_labels = {"label": lambda entry: f"new global label {entry['id']}"}
    entries = [changed_entry(e, new_labels, {}) for e in scene.gallery(inheriting[0]).values()]
    response = scene.client.save_product(
        {"sku": scene.product.sku, "media_gallery_entries": entries}, "all"
    )

    expect_response(response, 200, "product", call="save with new labels at 'all'")
    for entry_id in scene.product.ids:
        scene.set_known(entry_id, label=f"new global label {entry_id}")
    for own in own_values:
        now = _labels(scene, own)
        assert now == own_before[own], (
            f"ALL-SCOPE-WRITES: view '{own}' has labels of its own, {own_before[own]}; "
            f"after a save at 'all' it shows {now}"
        )
    wanted = {i: f"new global label {i}" for i in scene.product.ids}
    for other in inheriting:
        seen = _labels(scene, other)
        assert seen == wanted, (
            f"ALL-SCOPE-WRITES: view '{other}' inherits, so it must show {wanted}, shows {seen}"
        )


def _labels(scene: Scene, view: str) -> dict[int, str]:
    return {i: e["label"] for i, e in scene.gallery(view).items()}


@pytest.mark.ROLE_EXCLUSIVE
def test_role_moves_to_one_entry(scene, view, magento_rules):
    first, second = scene.product.ids[:2]
    entry = {k: v for k, v in scene.gallery(view)[second].items() if k != "content"}
    entry["types"] = ["image"]

    response = scene.client.update_media(scene.product.sku, second, entry, "all")

    expect_exact(response, 200, True, call="media PUT giving 'image' at 'all'")
    holders = [i for i, e in scene.gallery(view).items() if "image" in (e.get("types") or [])]
    assert holders == [second], (
        f"ROLE-EXCLUSIVE: after giving 'image' to entry {second}, view '{view}' shows it on "
        f"entries {holders} (it was on {first})"
    )


@pytest.mark.UNLISTED_REMOVED
def test_unlisted_entries_removed(scene, view, magento_rules):
    kept = list(scene.gallery(view).values())[:2]
    dropped = [i for i in scene.product.ids if i not in {e["id"] for e in kept}]

    response = scene.client.save_product(
        {"sku": scene.product.sku, "media_gallery_entries": kept}, view
    )

    expect_response(response, 200, "product", call=f"save listing two entries in '{view}'")
    for dropped_id in dropped:
        scene.product.forget(dropped_id)
    for other in scene.views:
        assert sorted(scene.gallery(other)) == scene.product.ids, (
            f"UNLISTED-REMOVED: view '{other}' still shows entries {dropped} the save left out"
        )


@pytest.mark.FILE_NAMING
def test_file_naming(scene, view, new_image, settings, magento_rules):
    # A name of this run and view only: files of earlier runs (Magento keeps them on disk
    # after a product is deleted) and of parallel workers cannot collide with it.
    stem = f"Cmc Rule {settings.run_id} {view}"
    files = []
    for _ in range(2):
        entry = {"media_type": "image", "label": "named", "position": 9, "disabled": False,
                 "types": [], "content": dict(new_image.content(), name=f"{stem}.PNG")}
        new_id = expect_response(scene.client.add_media(scene.product.sku, entry, view), 200,
                                 None, call=f"media POST in '{view}'")
        scene.learn_entry(new_id, view)
        files.append(scene.gallery(view)[new_id]["file"])

    base = "cmc_rule_" + f"{settings.run_id}_{view}".lower()
    first = re.compile(rf"^/c/m/{re.escape(base)}\.png$")
    again = re.compile(rf"^/c/m/{re.escape(base)}_[1-9][0-9]*\.png$")
    assert first.match(files[0]) and again.match(files[1]), (
        f"FILE-NAMING: '{stem}.PNG' twice was stored as {files}; expected "
        f"/c/m/{base}.png, then the same with a _N suffix"
    )
