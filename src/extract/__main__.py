"""`python -m extract`: the `extract` command."""
from .cli.commands import main

main()
