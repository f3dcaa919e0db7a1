from dockeropt.cli import entry

entry()
