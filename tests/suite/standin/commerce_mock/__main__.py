"""Stand-in `commerce_mock`: the real server's command line and ready line, little else."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sys
import time
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

STORES = {"admin": 0}
PRODUCTS: dict[str, dict] = {}
NEXT_ID = [100]
UNAUTHORIZED = {"message": "The consumer isn't authorized to access %resources.",
                "parameters": {"resources": "Magento_Catalog::products"}}


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="commerce-mock")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--db")
    parser.add_argument("--admin-token")
    parser.add_argument("--admin-username", default="admin")
    parser.add_argument("--admin-password", default="admin123")
    parser.add_argument("--store-views", default="default,second,third")
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--fault", action="append", default=[])
    return parser.parse_args()


ARGS = parse()
TOKEN = os.environ.get("COMMERCE_MOCK_ADMIN_TOKEN") or ARGS.admin_token or "standin-token"
for number, code in enumerate(ARGS.store_views.split(","), start=1):
    STORES[code] = number


def authorised(request: Request) -> bool:
    return request.headers.get("authorization") == f"Bearer {TOKEN}"


def store_ok(request: Request) -> bool:
    store = request.path_params.get("store")
    return store is None or store in STORES or store == "all"


async def store_views(request: Request) -> JSONResponse:
    return JSONResponse([{"id": i, "code": c, "name": c, "website_id": 1 if i else 0,
                          "store_group_id": 1 if i else 0, "is_active": 1}
                         for c, i in STORES.items()])


async def websites(request: Request) -> JSONResponse:
    return JSONResponse([{"id": 0, "code": "admin", "default_group_id": 0},
                         {"id": 1, "code": "base", "default_group_id": 1}])


async def groups(request: Request) -> JSONResponse:
    first = min(i for i in STORES.values() if i)
    return JSONResponse([{"id": 0, "website_id": 0, "default_store_id": 0},
                         {"id": 1, "website_id": 1, "default_store_id": first}])


async def version(request: Request) -> PlainTextResponse:
    return PlainTextResponse("Magento/2.4 (Stand-in)")


async def admin_token(request: Request) -> JSONResponse:
    body = await request.json()
    if body.get("username") == ARGS.admin_username and body.get("password") == ARGS.admin_password:
        return JSONResponse(TOKEN)
    return JSONResponse({"message": "The account sign-in was incorrect."}, status_code=401)


async def products(request: Request) -> JSONResponse:
    if not store_ok(request):
        return JSONResponse({"message": "Request does not match any route."}, status_code=404)
    if not authorised(request):
        return JSONResponse(UNAUTHORIZED, status_code=401)
    if request.method == "POST":
        return save(await request.json())
    like = request.query_params.get("searchCriteria[filterGroups][0][filters][0][value]")
    items = list(PRODUCTS.values())
    if like:
        items = [p for p in items if p["sku"].startswith(like.rstrip("%"))]
    return JSONResponse({"items": items, "total_count": len(items)})


def save(body: dict) -> JSONResponse:
    product = dict(body["product"])
    entries = []
    for entry in product.get("media_gallery_entries") or []:
        entry = dict(entry)
        content = entry.pop("content", None)
        if "id" not in entry:
            NEXT_ID[0] += 1
            entry["id"] = NEXT_ID[0]
        if content:
            name = content["name"].lower()
            entry["file"] = f"/{name[0]}/{name[1]}/{name}"
        entries.append(entry)
    product["media_gallery_entries"] = entries
    # Magento answers with the product's own id; a new product gets the next one.
    known = PRODUCTS.get(product["sku"])
    product["id"] = known["id"] if known else len(PRODUCTS) + 1
    PRODUCTS[product["sku"]] = product
    return JSONResponse(product)


async def product(request: Request) -> JSONResponse:
    if not authorised(request):
        return JSONResponse(UNAUTHORIZED, status_code=401)
    sku = request.path_params["sku"]
    if sku not in PRODUCTS:
        return JSONResponse({"message": "The product that was requested doesn't exist."},
                            status_code=404)
    if request.method == "DELETE":
        del PRODUCTS[sku]
        return JSONResponse(True)
    return JSONResponse(PRODUCTS[sku])


def routes() -> list[Route]:
    found = []
    for prefix in ("/rest/V1", "/rest/{store}/V1"):
        found += [
            Route(f"{prefix}/store/storeViews", store_views),
            Route(f"{prefix}/store/websites", websites),
            Route(f"{prefix}/store/storeGroups", groups),
            Route(f"{prefix}/integration/admin/token", admin_token, methods=["POST"]),
            Route(f"{prefix}/products", products, methods=["GET", "POST"]),
            Route(f"{prefix}/products/{{sku}}", product, methods=["GET", "DELETE"]),
        ]
    return [*found, Route("/magento_version", version)]


def main() -> None:
    if "standin-crash" in ARGS.fault:
        print("stand-in: crashing on purpose", file=sys.stderr)
        raise SystemExit(3)
    if "standin-silent" in ARGS.fault:
        time.sleep(60)
    if ARGS.db:
        Path(ARGS.db).write_text(json.dumps({"standin": True}))
    sock = socket.socket()
    sock.bind((ARGS.host, ARGS.port))
    port = sock.getsockname()[1]
    app = Starlette(routes=routes())
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    print(f"commerce-mock listening on http://{ARGS.host}:{port}", flush=True)
    asyncio.run(server.serve(sockets=[sock]))


main()
