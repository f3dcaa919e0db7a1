from setuptools import find_packages, setup

BASE = ["requests>=2.31", "tensorflow==2.17.0"]

setup(
    name="forecaster",
    version="1.0.0",
    packages=find_packages(),
    install_requires=BASE + ["pandas>=2.2"],
    extras_require={"boost": ["xgboost==2.1.1"]},
)
