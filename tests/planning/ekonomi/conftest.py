"""Files for the ekonomi and personal feeds on the shared test tree (tests/conftest.py)."""

import pytest

from planning.ekonomi.importer import (
    EKONOMI_HEADER,
    PERSONAL_HEADER,
    import_ekonomi,
    import_personal,
)


def ekonomi_file(*rows):
    return "\n".join([";".join(EKONOMI_HEADER), *(";".join(r) for r in rows)]) + "\n"


def personal_file(*rows):
    lines = [";".join(PERSONAL_HEADER), *(";".join(str(v) for v in r) for r in rows)]
    return "\n".join(lines) + "\n"


@pytest.fixture
def load_ekonomi(tree):
    def load(*rows):
        return import_ekonomi(ekonomi_file(*rows))

    return load


@pytest.fixture
def load_personal(tree):
    def load(*rows):
        return import_personal(personal_file(*rows))

    return load


def months(year, first, last):
    return [f"{year}-{m:02d}" for m in range(first, last + 1)]
