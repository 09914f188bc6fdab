"""Image fixtures: raw HTTP to the image API, two projects with member users,
and files of known content."""
import hashlib
import os

import pytest

from image_helpers import ImageApi, make_project_user


@pytest.fixture(scope="session")
def image_api(cloud):
    return ImageApi(cloud)


@pytest.fixture(scope="session")
def admin_token(cloud):
    return cloud.admin_token()


@pytest.fixture(scope="session")
def alice(cloud):
    return make_project_user(cloud, "img-alice-%d" % os.getpid())


@pytest.fixture(scope="session")
def bob(cloud):
    return make_project_user(cloud, "img-bob-%d" % os.getpid())


@pytest.fixture
def payload(tmp_path):
    """A file of pseudo-random bytes and its md5/sha512."""
    def make(size, name="data.bin"):
        path = tmp_path / name
        block = hashlib.sha512(str(size).encode()).digest() * 64
        with open(path, "wb") as f:
            left = size
            while left > 0:
                n = min(left, len(block))
                f.write(block[:n])
                left -= n
        data = path.read_bytes()
        return str(path), hashlib.md5(data).hexdigest(), hashlib.sha512(data).hexdigest()
    return make
