"""Magento-style REST errors: a status, a message with placeholders left in, parameters."""

from __future__ import annotations

from typing import Any

ROUTE_NOT_FOUND = "Request does not match any route."
PRODUCT_NOT_FOUND = (
    "The product that was requested doesn't exist. Verify the product and try again."
)
ENTRY_NOT_FOUND = "No image with the provided ID was found. Verify the ID and try again."
ENTRY_GET_NOT_FOUND = "The image doesn't exist. Verify and try again."
PRODUCT_GET_MEDIA_NOT_FOUND = "The product doesn't exist. Verify and try again."
CONSUMER_NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
SIGN_IN_INCORRECT = (
    "The account sign-in was incorrect or your account is disabled temporarily. "
    "Please wait and try again later."
)
GET_AT_ALL = "Cannot perform GET operation with store code 'all'"
REQUIRED_FIELD = '"%fieldName" is required. Enter and try again.'
INVALID_TYPE = (
    'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.'
)
DECODING_ERROR = "Decoding error."
BODY_TOO_LARGE = "The request body is too large."
BASE64_INVALID = "The image content must be valid base64 encoded data."
MIME_INVALID = "The image MIME type is not valid or not supported."
NAME_FORBIDDEN = "Provided image name contains forbidden characters."
CONTENT_INVALID = "The image content is invalid. Verify the content and try again."
ATTRIBUTE_EMPTY = 'The "%1" attribute value is empty. Set the attribute and try again.'
SKU_TOO_LONG = "SKU length should be %1 characters or less."
INTERNAL_ERROR = "Internal Error. Details are available in Magento log file. Report ID: %1"


class MagentoError(Exception):
    """An error answered as Magento does: HTTP status plus a JSON body with `message`."""

    def __init__(self, status: int, message: str, parameters: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message}
        if self.parameters is not None:
            body["parameters"] = self.parameters
        return body


def not_found(message: str = ROUTE_NOT_FOUND, parameters: Any = None) -> MagentoError:
    return MagentoError(404, message, parameters)


def bad_request(message: str, parameters: Any = None) -> MagentoError:
    return MagentoError(400, message, parameters)


def required_field(name: str) -> MagentoError:
    return bad_request(REQUIRED_FIELD, {"fieldName": name})


def invalid_type(value: Any, expected: str) -> MagentoError:
    # Magento echoes the offending value as text; keep it short so a huge value is not echoed.
    shown = value if isinstance(value, str) else repr(value)
    return bad_request(INVALID_TYPE, {"value": str(shown)[:100], "type": expected})


def unauthorized(resource: str = "Magento_Catalog::products") -> MagentoError:
    return MagentoError(401, CONSUMER_NOT_AUTHORIZED, {"resources": resource})
