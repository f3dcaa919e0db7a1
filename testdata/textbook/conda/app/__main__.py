import pandas

print(pandas.__version__)
