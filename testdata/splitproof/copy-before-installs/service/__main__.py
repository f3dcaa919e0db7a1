import six

print("service on six", six.__version__)
