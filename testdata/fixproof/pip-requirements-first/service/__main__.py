import six

print("service", six.__version__)
