# The atheris harness runs on its own (see fuzz_extract.py), never inside the normal pytest run.
collect_ignore_glob = ["*.py"]
