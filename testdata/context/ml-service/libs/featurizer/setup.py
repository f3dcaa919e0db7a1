from setuptools import setup

setup(name="featurizer", version="0.1.0", install_requires=["scikit-learn>=1.5"])
