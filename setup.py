"""Only here because pyproject.toml cannot list a package found by ``find`` plus one mapped from
another folder: the top-level resources/ folder ships as the package ``kpo_desk.resources``
(see ``package-dir`` and ``package-data`` in pyproject.toml). Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["kpo_desk", "kpo_desk.*"]), "kpo_desk.resources"])
