"""Upstream placement's gabbi API tests (gabbits/*.yaml) against onestack.

Each YAML file gets a fresh `onestack serve placement` with noauth2 and its
own database, as upstream gives each file a fresh database; the file's
tests then run in order through gabbi. A failing gabbi test fails the file's
pytest case with gabbi's explanation.
"""
import glob
import io
import os
import sys
import unittest

import pytest
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gabbi_fixtures  # noqa: E402
from placement_server import Server  # noqa: E402

from gabbi import handlers, suitemaker  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GABBITS = sorted(glob.glob(os.path.join(HERE, "gabbits", "*.yaml")))

# gabbi test names (file_stem_test-name) onestack is known not to match, and why.
KNOWN_FAILURES = {
}


@pytest.mark.parametrize("path", GABBITS, ids=[os.path.basename(p) for p in GABBITS])
def test_gabbit_file(path):
    server = Server()
    os.environ["PLACEMENT_URL"] = server.url
    try:
        with open(path) as f:
            suite_dict = yaml.safe_load(f)
        stem = os.path.splitext(os.path.basename(path))[0]
        loader = unittest.TestLoader()
        suite = suitemaker.test_suite_from_dict(
            loader, stem, suite_dict, os.path.dirname(path), "127.0.0.1", server.port,
            gabbi_fixtures, None, handlers=[h() for h in handlers.RESPONSE_HANDLERS])
        out = io.StringIO()
        result = unittest.TextTestRunner(stream=out, verbosity=0).run(suite)
        problems = []
        for test, trace in result.failures + result.errors:
            name = test.id().rsplit(".", 1)[-1] if hasattr(test, "id") else str(test)
            if any(name.endswith(k) for k in KNOWN_FAILURES):
                continue
            problems.append("%s\n%s" % (name, trace[-3000:]))
        assert not problems, "%d of %d gabbi tests failed:\n\n%s" % (
            len(problems), result.testsRun, "\n\n".join(problems))
    finally:
        server.stop()
