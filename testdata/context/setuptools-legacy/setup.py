import os

from setuptools import find_packages, setup

here = os.path.abspath(os.path.dirname(__file__))

with open(os.path.join(here, "requirements.txt")) as fh:
    REQUIREMENTS = fh.read().splitlines()

TEST_REQUIRES = ["pytest>=7", "responses"]
DOCS_REQUIRES = ("sphinx>=7",)
EXTRAS = {
    "test": TEST_REQUIRES,
    "docs": DOCS_REQUIRES,
    "s3": ["boto3>=1.34"],
}

setup(
    name="legacy-reports",
    version="3.2.1",
    packages=find_packages(exclude=["tests"]),
    install_requires=REQUIREMENTS + ["click>=8.1"],
    setup_requires=["setuptools_scm>=8"],
    extras_require=EXTRAS,
)
