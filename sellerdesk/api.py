"""The JSON API (``/api/v1/``): one NinjaAPI, the routers of each app, problem+json errors."""

from __future__ import annotations

from ninja import NinjaAPI

from sellerdesk.accounts.api import router as accounts_router
from sellerdesk.accounts.api_auth import API_AUTH
from sellerdesk.appeals.api import router as appeals_router
from sellerdesk.cases.api import router as cases_router
from sellerdesk.cases.api_attachments import router as attachments_router
from sellerdesk.health.api import router as health_router
from sellerdesk.knowledge.api import router as knowledge_router
from sellerdesk.lib.problems import PROBLEM_CONTENT_TYPE, install_problem_handlers
from sellerdesk.orders.api import router as orders_router
from sellerdesk.reports.api import router as reports_router
from sellerdesk.surveys.api import router as surveys_router

DESCRIPTION = """\
Seller support: open and follow cases, read case types and seller organisations.

Authenticate with `Authorization: Bearer <token>` (`sellerdesk token create --user EMAIL`, or
the web UI). Errors are `application/problem+json` (RFC 9457) with an `errors` list naming
each offending field. Objects the caller may not see are 404, never 403.

Conventions:

- **Unknown body members are refused**: a request body with a member the operation does not
  define is 422 with one `{field, code: "unknown_field"}` per such member, and nothing is done
  (every body schema has `additionalProperties: false`). Unknown query parameters are ignored:
  intermediaries add their own (cache busters, tracking tags) and a query changes nothing.
- **Languages** are BCP 47 tags in any case: `en`, `en-US`, `en-GB` are English; `zh`,
  `zh-CN`, `zh-Hans`, `zh-Hans-CN`, `zh-SG` are Simplified Chinese, and so are `zh-TW`,
  `zh-Hant` and `zh-HK` (Simplified is the only Chinese there is). They are stored and returned
  as `en` or `zh-hans`. A `language` left out defaults to the caller's preferred language
  (`GET /me`); any other language is 422.
- **Case numbers** in a search (`q` of `GET /cases`) may be written `10000052` or `#10000052`.
- **Errors follow `Accept-Language`**: English by default; a client that prefers Chinese (`zh`,
  `zh-CN`, `zh-Hans` …) gets `title`, `detail` and each error's `message` in Chinese, worded as
  the web pages word them, with `Content-Language` saying which. `type`, `status`, each error's
  `code` and `field`, and extra members such as `duplicate_of` never change with the language:
  branch on those, show the words.
"""


class SellerdeskAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # ninja documents every response as application/json; errors are problem+json.
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {
                            PROBLEM_CONTENT_TYPE: content.pop("application/json")
                        }
        return schema

    def get_openapi_operation_id(self, operation):
        # The view names are unique across the API and read better in generated clients
        # than ninja's module-qualified default.
        return operation.view_func.__name__


api = SellerdeskAPI(
    title="sellerdesk",
    version="1",
    description=DESCRIPTION,
    auth=API_AUTH,
)
install_problem_handlers(api)
api.add_router("", accounts_router)
api.add_router("", cases_router)
api.add_router("", attachments_router)
api.add_router("", health_router)
api.add_router("", orders_router)
api.add_router("", knowledge_router)
api.add_router("", appeals_router)
api.add_router("", reports_router)
api.add_router("", surveys_router)
