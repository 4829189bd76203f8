from tests.api.conftest import as_user  # noqa: F401 - the API tests' bearer-token client
from tests.knowledge.conftest import make_article  # noqa: F401 - articles for deflection
