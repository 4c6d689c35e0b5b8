"""product_factory: known global values, real images, teardown and the end-of-run sweep."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.client import CommerceClient
from conformance.products import (
    FixtureImage,
    ProductFactory,
    load_fixture_images,
    plan_gallery,
    product_payload,
    sweep,
)
from conformance.schemas import fixtures_dir
from conformance.server import MockServer

from .conftest import run_pytest, standin_pythonpath


@pytest.fixture(scope="module")
def images() -> tuple[FixtureImage, ...]:
    return load_fixture_images(fixtures_dir() / "images")


@pytest.fixture
def commerce(standin_server: MockServer) -> Iterator[CommerceClient]:
    assert standin_server.base_url
    with CommerceClient(standin_server.base_url, standin_server.admin_token) as client:
        yield client


def test_fixture_images_are_real_distinct_pictures(images: tuple[FixtureImage, ...]) -> None:
    kinds = {image.mime_type for image in images}

    assert len(images) >= 6
    assert kinds == {"image/png", "image/jpeg", "image/gif"}
    assert len({image.data for image in images}) == len(images)
    assert all(1000 < len(image.data) < 8000 for image in images)
    assert Path(sorted(images)[-1]).is_file()  # path-like and ordered, for scenarios


def test_the_payload_carries_known_global_values(images: tuple[FixtureImage, ...]) -> None:
    gallery = plan_gallery("cmc-x-1", images, 3, video=True, roles=("image", "thumbnail"))
    payload = product_payload("cmc-x-1", gallery)
    entries = payload["media_gallery_entries"]

    assert (payload["price"], payload["status"], payload["visibility"]) == (10, 1, 4)
    assert (payload["type_id"], payload["attribute_set_id"]) == ("simple", 4)
    assert [e["label"] for e in entries] == ["global label 1", "global label 2",
                                             "global label 3", "global video label"]
    assert [e["position"] for e in entries] == [1, 2, 3, 4]
    assert [e["types"] for e in entries] == [["image", "thumbnail"], [], [], []]
    # The third image is hidden globally, so that a global visibility is a value to check.
    assert [e["disabled"] for e in entries] == [False, False, True, False]
    assert [known.disabled for known in (p.known(i, "/f") for i, p in enumerate(gallery))] == [
        False, False, True, False]
    decoded = [base64.b64decode(e["content"]["base64_encoded_data"]) for e in entries]
    assert decoded == [image.data for image in images[:4]]
    assert entries[0]["content"]["name"] == f"cmc-x-1-1.{images[0].extension}"
    video = entries[3]["extension_attributes"]["video_content"]
    assert (entries[3]["media_type"], video["video_provider"]) == ("external-video", "youtube")


def test_roles_can_be_given_per_entry(images: tuple[FixtureImage, ...]) -> None:
    gallery = plan_gallery("s", images, 3, video=False,
                           roles=({"image", "small_image"}, {"swatch_image"}))

    assert [sorted(p.types) for p in gallery] == [["image", "small_image"], ["swatch_image"], []]


def test_too_many_images_is_refused(images: tuple[FixtureImage, ...]) -> None:
    with pytest.raises(ValueError, match="distinct images wanted"):
        plan_gallery("s", images, len(images), video=True, roles=())


def test_create_returns_ids_files_and_global_values(commerce: CommerceClient,
                                                    images: tuple[FixtureImage, ...]) -> None:
    factory = ProductFactory(commerce, images, "cmc-unit01")

    product = factory.create(images=2, video=True)

    assert product.sku == "cmc-unit01-1"
    assert len(set(product.ids)) == 3
    first, second, video = product.entries
    assert (first.label, first.position, first.disabled) == ("global label 1", 1, False)
    assert first.types == {"image", "small_image", "thumbnail"}
    assert second.types == frozenset()
    assert first.file.endswith(f"cmc-unit01-1-1.{images[0].extension}")
    assert video is product.video and video.is_video
    assert (video.video_title, video.video_description) == ("global video title",
                                                            "global video description")
    assert product.entry(second.id) is second
    assert factory.cleanup() == []
    assert commerce.get_product(product.sku).status_code == 404


def test_cleanup_accepts_products_already_deleted(commerce: CommerceClient,
                                                  images: tuple[FixtureImage, ...]) -> None:
    factory = ProductFactory(commerce, images, "cmc-unit02")
    product = factory.create(images=1)
    commerce.delete_product(product.sku)

    assert factory.cleanup() == []


def test_sweep_deletes_only_this_runs_products(commerce: CommerceClient) -> None:
    for sku in ("cmc-run777-1", "cmc-run777-gw1-4", "cmc-run778-1", "cmc-run77-1", "MJ03"):
        commerce.save_product({"sku": sku, "name": sku}, store="all")

    deleted = sweep(commerce, "run777")

    assert sorted(deleted) == ["cmc-run777-1", "cmc-run777-gw1-4"]
    left = [p["sku"] for p in commerce.search_products("%").json()["items"]]
    assert {"cmc-run778-1", "cmc-run77-1", "MJ03"} <= set(left)
    for sku in ("cmc-run778-1", "cmc-run77-1", "MJ03"):
        commerce.delete_product(sku)


def test_teardown_deletes_the_product_of_a_failed_test(tmp_path: Path,
                                                       standin_server: MockServer,
                                                       commerce: CommerceClient) -> None:
    record = tmp_path / "skus.txt"
    (tmp_path / "test_fails.py").write_text(
        "def test_fails(product_factory):\n"
        "    product = product_factory.create(images=2)\n"
        f"    open({str(record)!r}, 'a').write(product.sku + '\\n')\n"
        "    assert False, 'on purpose'\n"
    )

    result = run_pytest(tmp_path, ["-q", "--base-url", str(standin_server.base_url)],
                        env={"COMMERCE_ADMIN_TOKEN": standin_server.admin_token.reveal()})

    assert result.returncode == 1, result.stdout + result.stderr
    sku = record.read_text().strip()
    assert sku.startswith("cmc-")
    assert commerce.get_product(sku).status_code == 404


def test_xdist_workers_share_one_embedded_server(tmp_path: Path) -> None:
    record = tmp_path / "seen.jsonl"
    (tmp_path / "test_shared.py").write_text(
        "import json, os\n"
        "import pytest\n"
        "@pytest.mark.parametrize('n', range(4))\n"
        "def test_shared(n, target, product_factory):\n"
        "    product = product_factory.create(images=1)\n"
        f"    with open({str(record)!r}, 'a') as out:\n"
        "        out.write(json.dumps([target.base_url, product.sku]) + '\\n')\n"
    )

    result = run_pytest(tmp_path, ["-q", "-n", "2", "-o", "conformance_eager_target=true"],
                        env=standin_pythonpath())

    assert result.returncode == 0, result.stdout + result.stderr
    seen = [json.loads(line) for line in record.read_text().splitlines()]
    assert len({url for url, _ in seen}) == 1
    skus = [sku for _, sku in seen]
    assert len(set(skus)) == 4
    assert all(sku.split("-")[2] in ("gw0", "gw1") for sku in skus)
    assert len({sku.split("-")[1] for sku in skus}) == 1  # one run id for every worker


def test_create_against_the_real_mock_server(images: tuple[FixtureImage, ...]) -> None:
    with MockServer() as server, CommerceClient(str(server.base_url),
                                                server.admin_token) as client:
        factory = ProductFactory(client, images, "cmc-real01")
        product = factory.create(images=3, video=True,
                                 roles=({"image", "small_image", "thumbnail"}, {"swatch_image"}))
        in_second = client.get_product(product.sku, "second").json()["media_gallery_entries"]

        assert [e.label for e in product.entries] == ["global label 1", "global label 2",
                                                      "global label 3", "global video label"]
        assert product.entries[1].types == {"swatch_image"}
        assert {e["id"] for e in in_second} == set(product.ids)
        assert all(e.file.startswith("/c/m/cmc-real01-1") for e in product.entries)
        assert factory.cleanup() == []
        assert client.get_product(product.sku, "second").status_code == 404
