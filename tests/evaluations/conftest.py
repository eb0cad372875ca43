"""The browser set-up of tests/e2e (Debian's Chromium, screenshots, sign-in, the CSP check) for this folder's
browser tests too, which live beside the evaluations tests they belong to."""

from ..e2e.conftest import (  # noqa: F401
    browser_type_launch_args,
    csp_errors,
    pytest_collection_modifyitems,
    shot,
    sign_in,
)
